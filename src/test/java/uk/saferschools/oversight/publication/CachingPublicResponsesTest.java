package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Public pages and the open data API say when public content last changed (Last-Modified), answer
 * If-Modified-Since with 304 while nothing has changed, and send the new answer once something has.
 */
@OversightTest
class CachingPublicResponsesTest {

    @Autowired
    MockMvc mvc;

    /**
     * The Last-Modified of an anonymous answer. It is left out within the second of a change (a second
     * change in that second could not be told apart by time), so this waits that second out.
     */
    String lastModified(String path) throws Exception {
        long until = System.currentTimeMillis() + 5_000;
        while (true) {
            MockHttpServletResponse response = mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse();
            String lastModified = response.getHeader("Last-Modified");
            if (lastModified != null || System.currentTimeMillis() > until) {
                assertThat(lastModified).as("Last-Modified of " + path).isNotNull();
                return lastModified;
            }
            Thread.sleep(200);
        }
    }

    static Instant instant(String httpDate) {
        return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    @Test
    void public_pages_and_the_api_say_when_public_content_last_changed() throws Exception {
        Instant startOfToday = LocalDate.now(LondonTime.LONDON).atStartOfDay(LondonTime.LONDON).toInstant();
        for (String path : new String[] {"/data", "/api/v1/recommendations", "/recommendations", "/meetings", "/questions"}) {
            Instant changed = instant(lastModified(path));
            assertThat(changed).as(path).isAfterOrEqualTo(startOfToday).isBeforeOrEqualTo(Instant.now());
        }
    }

    @Test
    void an_unchanged_answer_is_not_sent_again_to_a_client_that_says_when_it_got_it() throws Exception {
        for (String path : new String[] {"/data", "/api/v1/recommendations"}) {
            String lastModified = lastModified(path);
            MockHttpServletResponse unchanged = mvc.perform(get(path).header("If-Modified-Since", lastModified))
                    .andExpect(status().isNotModified()).andReturn().getResponse();
            assertThat(unchanged.getContentAsString()).isEmpty();
            assertThat(unchanged.getHeader("Last-Modified")).isEqualTo(lastModified);
            // a date before the change, or one that is not a date, gets the whole answer
            String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(instant(lastModified).minusSeconds(1).atZone(ZoneOffset.UTC));
            mvc.perform(get(path).header("If-Modified-Since", earlier)).andExpect(status().isOk());
            mvc.perform(get(path).header("If-Modified-Since", "yesterday")).andExpect(status().isOk());
        }
    }

    @Test
    void the_etag_still_works_and_takes_precedence_over_the_date() throws Exception {
        String lastModified = lastModified("/api/v1/recommendations");
        String etag = mvc.perform(get("/api/v1/recommendations")).andReturn().getResponse().getHeader("ETag");
        assertThat(etag).isNotBlank();
        mvc.perform(get("/api/v1/recommendations").header("If-None-Match", etag)).andExpect(status().isNotModified());
        mvc.perform(get("/api/v1/recommendations").header("If-None-Match", "\"something-else\"")
                .header("If-Modified-Since", lastModified)).andExpect(status().isOk());
    }

    @Test
    void after_a_change_through_the_product_the_same_date_gets_the_new_answer_with_a_newer_last_modified() throws Exception {
        String data = lastModified("/data");
        String api = lastModified("/api/v1/recommendations");
        mvc.perform(get("/data").header("If-Modified-Since", data)).andExpect(status().isNotModified());

        postAs(mvc, SignIn.as(mvc, TestAccounts.SECRETARIAT), "/manage/schedule", 302, "title", "Caching test report",
                "dueOn", LocalDate.now().plusMonths(3).toString());

        for (String[] pathAndDate : new String[][] {{"/data", data}, {"/api/v1/recommendations", api}, {"/schedule", data}}) {
            String path = pathAndDate[0];
            String newer = lastModified(path);
            assertThat(instant(newer)).as(path).isAfter(instant(pathAndDate[1]));
            MockHttpServletResponse changed = mvc.perform(get(path).header("If-Modified-Since", pathAndDate[1]))
                    .andExpect(status().isOk()).andReturn().getResponse();
            assertThat(changed.getContentAsString()).as(path).isNotEmpty();
            assertThat(instant(changed.getHeader("Last-Modified"))).as(path).isAfter(instant(pathAndDate[1]));
        }
        assertThat(mvc.perform(get("/schedule")).andReturn().getResponse().getContentAsString()).contains("Caching test report");
    }
}
