package uk.saferschools.oversight.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import uk.saferschools.oversight.OversightApplication;

/**
 * The whole application on a real (embedded, throwaway) PostgreSQL, with the demonstration accounts
 * of {@link TestAccounts}. Tests using it share one application context and one database, so each
 * test creates what it needs with fresh names rather than assuming an empty database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = OversightApplication.class, properties = {
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
@AutoConfigureMockMvc
public @interface OversightTest {
}
