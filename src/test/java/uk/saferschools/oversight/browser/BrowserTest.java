package uk.saferschools.oversight.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.support.TestAccounts;

/** The whole application on a real port, for a real browser; one shared context for all browser tests. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = OversightApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "oversight.database.ephemeral=true",
                "oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.CHAIR + "=" + TestAccounts.CHAIR_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.MEMBER + "=" + TestAccounts.MEMBER_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.SECRETARIAT + "=" + TestAccounts.SECRETARIAT_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.ANALYST + "=" + TestAccounts.ANALYST_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.LIAISON + "=" + TestAccounts.LIAISON_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.AUDITOR + "=" + TestAccounts.AUDITOR_PASSWORD,
                "oversight.identity.demo-passwords." + TestAccounts.ADMINISTRATOR + "=" + TestAccounts.ADMINISTRATOR_PASSWORD,
                "oversight.identity.demonstration-data=true"
        })
@interface BrowserTest {
}
