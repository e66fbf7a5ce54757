package uk.saferschools.oversight.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static uk.saferschools.oversight.support.PageRequests.postAs;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/** The panel asks to speak to MPS staff; the police liaison schedules or declines with reasons; the secretariat minutes it. */
@OversightTest
class AskingToSpeakToStaffTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    long latest() {
        return jdbc.sql("select max(id) from request_to_speak").query(Long.class).single();
    }

    @Test
    void a_request_is_scheduled_and_minuted_or_declined_with_reasons() throws Exception {
        Cookie member = SignIn.as(mvc, TestAccounts.MEMBER);
        Cookie liaison = SignIn.as(mvc, TestAccounts.LIAISON);
        Cookie secretariat = SignIn.as(mvc, TestAccounts.SECRETARIAT);
        assertThat(postAs(mvc, member, "/panel/requests-to-speak", 200, "staff", "", "purpose", "x")).contains("Enter the role or name");
        postAs(mvc, member, "/panel/requests-to-speak", 302, "staff", "The Safer Schools sergeant for Lambeth",
                "purpose", "How officers decide to search at the school gate.");
        long id = latest();
        String path = "/panel/requests-to-speak/" + id;
        postAs(mvc, member, path + "/schedule", 403, "date", "2027-03-12", "time", "16:00");
        assertThat(postAs(mvc, liaison, path + "/schedule", 200, "date", "soon", "time", "16:00")).contains("Enter the date and time");
        postAs(mvc, liaison, path + "/schedule", 302, "date", "2027-03-12", "time", "16:00", "note", "At Brixton police station.");
        assertThat(postAs(mvc, liaison, path + "/decline", 200, "reasons", "Too late")).contains("it cannot be declined by the police now");
        postAs(mvc, liaison, path + "/outcome", 403, "outcome", "Police outcome");
        postAs(mvc, secretariat, path + "/outcome", 302, "outcome", "The sergeant explained the grounds used; the panel asked for the briefing.");
        String page = mvc.perform(get("/panel/requests-to-speak").cookie(liaison)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("The Safer Schools sergeant for Lambeth", "Held and minuted", "At Brixton police station.",
                "the panel asked for the briefing");

        postAs(mvc, member, "/panel/requests-to-speak", 302, "staff", "The borough commander", "purpose", "Deployment of officers.");
        long second = latest();
        assertThat(postAs(mvc, liaison, "/panel/requests-to-speak/" + second + "/decline", 200, "reasons", " "))
                .contains("Give the reasons for declining");
        postAs(mvc, liaison, "/panel/requests-to-speak/" + second + "/decline", 302, "reasons", "Operational commitments until June.");
        assertThat(jdbc.sql("select status || ': ' || police_note from request_to_speak where id = ?").param(second)
                .query(String.class).single()).isEqualTo("DECLINED: Operational commitments until June.");
        mvc.perform(get("/panel/requests-to-speak").cookie(SignIn.as(mvc, TestAccounts.ANALYST))).andExpect(status().isForbidden());
        mvc.perform(get("/panel/requests-to-speak")).andExpect(status().isFound());
        postAs(mvc, liaison, "/panel/requests-to-speak/99999/schedule", 404, "date", "2027-03-12", "time", "16:00");
    }
}
