package uk.saferschools.oversight.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.support.Commands;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Runs last (junit-platform.properties orders classes by {@code @Order}; the others have the default),
 * in the application context and on the database the {@link OversightTest} classes share: after
 * everything they did, signing in, importing, publishing, tampering and putting back, {@code audit
 * verify} still finds the chain whole.
 */
@OversightTest
@Order(Integer.MAX_VALUE)
class VerifyingTheAuditTrailAfterTheWholeSuiteTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @Test
    void audit_verify_finds_the_chain_whole_after_all_the_other_tests() {
        long entries = jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
        assertThat(entries).as("the suite has left entries to check").isPositive();
        Commands.Run run = Commands.run(context, AuditVerifyCommand.class);
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Audit trail intact: ");
    }
}
