package uk.saferschools.oversight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OnADatabaseOfItsOwn;

/**
 * On an installation that holds no demonstration data (a live one: the database of the fault tests, started
 * without it), the pages carry no demonstration banner and the answer "no" is not asked for on every page;
 * once a demonstration account is made, this node shows the banner on the next page, and another node (a
 * second {@link DemonstrationNotice} on the same database) within {@link DemonstrationNotice#NO_HOLDS_FOR}.
 */
class ShowingTheDemonstrationBannerOnALiveInstallationTest extends OnADatabaseOfItsOwn {

    static final String BANNER = "This installation holds demonstration data";

    @Autowired
    MockMvc mvc;
    @Autowired
    DemonstrationNotice notice;
    @Autowired
    Accounts accounts;
    @Autowired
    AccountAdministration administration;

    /** The home page made afresh (a request with a cookie is never answered from the anonymous kept copy). */
    String publicPage() throws Exception {
        return mvc.perform(get("/").cookie(new Cookie("made-afresh", "1"))).andReturn().getResponse().getContentAsString();
    }

    @Test
    void the_banner_appears_once_a_demonstration_account_is_made_at_once_here_and_soon_on_another_node() throws Exception {
        DemonstrationNotice anotherNode = new DemonstrationNotice(accounts);
        assertThat(publicPage()).as("a live installation's page").doesNotContain(BANNER).contains("</html>");
        assertThat(notice.holdsDemonstrationData()).isFalse();
        assertThat(anotherNode.holdsDemonstrationData()).isFalse();

        administration.create(new Actor("banner-test", "ADMINISTRATOR"), "banner-demo", "Banner Demo",
                EnumSet.of(Role.PANEL_MEMBER), "a long enough demonstration password", true);

        assertThat(publicPage()).as("this node's next page").contains(BANNER);
        long waited = System.nanoTime();
        while (!anotherNode.holdsDemonstrationData()) {
            assertThat(System.nanoTime() - waited).as("another node shows it within " + DemonstrationNotice.NO_HOLDS_FOR)
                    .isLessThan(DemonstrationNotice.NO_HOLDS_FOR.plusSeconds(1).toNanos());
            Thread.sleep(50);
        }
    }
}
