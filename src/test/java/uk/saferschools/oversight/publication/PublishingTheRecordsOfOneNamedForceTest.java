package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.KeptAnalyses;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A publication is of one named police force (ADR 0010): an analysis that does not say whose records it
 * counted is refused, with a reason, and nothing is published.
 */
@OversightTest
class PublishingTheRecordsOfOneNamedForceTest {

    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;

    @Test
    void an_analysis_that_names_no_force_is_not_published() {
        long snapshot = KeptAnalyses.ofChildren(jdbc, "Forceless analysis", "2045-01-01", "2045-03-31", "{}");
        assertThatThrownBy(() -> publications.publish(snapshot, "Forceless figures", "A summary.", null, SECRETARIAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not name the police force")
                .hasMessageContaining("one named force");
        assertThat(jdbc.sql("select count(*) from publication where analysis_snapshot_id = ?").param(snapshot)
                .query(Long.class).single()).isZero();
    }

    @Test
    void an_analysis_of_one_named_force_is_published() {
        long snapshot = KeptAnalyses.ofChildren(jdbc, "Named force analysis", "2046-01-01", "2046-03-31");
        long publication = publications.publish(snapshot, "Named force figures", "A summary.", null, SECRETARIAT);
        assertThat(jdbc.sql("select analysis_snapshot_id from publication where id = ?").param(publication)
                .query(Long.class).single()).isEqualTo(snapshot);
    }
}
