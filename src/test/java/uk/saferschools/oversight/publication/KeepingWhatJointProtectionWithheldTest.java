package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.PageRequests;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * What joint protection withheld from a publication is recorded when it is made (V22), and its public figures
 * are made from that record ever after: a later release that works joint protection out differently, or a
 * restart, cannot change a figure already public. A publication made before the record was kept gets it when
 * first read; and the record cannot be changed.
 */
@OversightTest
class KeepingWhatJointProtectionWithheldTest {

    private static final Actor SECRETARIAT = new Actor(TestAccounts.SECRETARIAT, "SECRETARIAT");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Publications publications;
    @Autowired
    MockMvc mvc;

    /** A children's analysis of {@code from} to {@code to}: Black 150 of 100,000 and White 60 of 100,000. */
    private long kept(String title, String from, String to) {
        return jdbc.sql("""
                insert into analysis_snapshot (title, created_by, settings, period_from, period_to, records, rates_csv,
                    results_json, report_html)
                values (?, 'demo-analyst', 'children, self-defined ethnicity, reference White', ?::date, ?::date, 210,
                    'area_code,group,events,population,rate_per_1000,rate_ratio,ci_lower,ci_upper,reliability' || chr(10)
                    || 'E23000001,Black,150,100000,1.5,2.5,1.9,3.4,reliable' || chr(10)
                    || 'E23000001,White,60,100000,0.6,1,,,reliable',
                    '{"force": "metropolitan", "reference_group": "White", "children_only": true, "ages": "10-17"}', '<p>x</p>')
                returning id""").params(title, from, to).query(Long.class).single();
    }

    /** A publication as one made before V22: straight into the table, with no record of its joint protection. */
    private long publishedBeforeTheRecord(long snapshot, String title) {
        return jdbc.sql("insert into publication (analysis_snapshot_id, title, summary, published_by) values (?, ?, 'S.', ?) returning id")
                .params(snapshot, title, SECRETARIAT.name()).query(Long.class).single();
    }

    private List<String> recorded(long publication) {
        return jdbc.sql("select unnest(also_withheld) from publication_joint_protection where publication_id = ?").param(publication)
                .query(String.class).list();
    }

    private boolean hasRecord(long publication) {
        return jdbc.sql("select exists (select 1 from publication_joint_protection where publication_id = ?)").param(publication)
                .query(Boolean.class).single();
    }

    private String blackEvents(long publication) throws Exception {
        return PageRequests.page(mvc, "/publications/" + publication + ".csv", null).lines()
                .filter(l -> l.startsWith("\"E23000001\",\"Black\"")).findFirst().orElseThrow().split(",")[2].replace("\"", "");
    }

    @Test
    void publishing_records_what_was_withheld_and_whom_with() {
        long spring = publications.publish(kept("April to June 2072", "2072-04-01", "2072-06-30"), "April to June 2072", "S.", null,
                SECRETARIAT);
        long year = publications.publish(kept("2072/73", "2072-04-01", "2073-03-31"), "2072/73", "S.", null, SECRETARIAT);
        assertThat(hasRecord(spring)).isTrue();
        assertThat(jdbc.sql("select unnest(protected_with) from publication_joint_protection where publication_id = ?").param(year)
                .query(Long.class).list()).as("the year is protected with its quarter").containsExactly(spring);
    }

    @Test
    void a_figure_is_withheld_as_recorded_whatever_joint_protection_would_work_out_now() throws Exception {
        // two publications of the same figures, of no fixed period (so joint protection would withhold nothing)
        long asRecorded = publishedBeforeTheRecord(kept("January to February 2071", "2071-01-01", "2071-02-28"), "January to February 2071");
        long unrecorded = publishedBeforeTheRecord(kept("January to February 2071, again", "2071-01-01", "2071-02-28"),
                "January to February 2071, again");
        // one has a record that withholds Black's count, as an earlier release might have worked out
        jdbc.sql("insert into publication_joint_protection (publication_id, also_withheld, protected_with) "
                + "values (?, array['" + PublishedTables.figureName(PublishedTables.FIGURES, "", "Black") + "'], '{}')").param(asRecorded).update();
        assertThat(blackEvents(asRecorded)).isEqualTo("[c]");
        assertThat(blackEvents(unrecorded)).isEqualTo("150");
        // the one made before the record gets it on first reading: nothing further withheld, under the rule of its day
        assertThat(hasRecord(unrecorded)).isTrue();
        assertThat(recorded(unrecorded)).isEmpty();
    }

    @Test
    void the_record_cannot_be_changed_or_removed() {
        long id = publications.publish(kept("January to March 2075", "2075-01-01", "2075-03-31"), "January to March 2075", "S.", null,
                SECRETARIAT);
        assertThatThrownBy(() -> jdbc.sql("update publication_joint_protection set also_withheld = '{}' where publication_id = ?")
                .param(id).update()).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("delete from publication_joint_protection where publication_id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class);
        assertThat(hasRecord(id)).isTrue();
    }
}
