package uk.saferschools.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import uk.saferschools.oversight.identity.DemonstrationAccountsReady;
import uk.saferschools.oversight.records.DemonstrationRecordsSeeded;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The demonstration data is seeded, before the application's start ends, by listeners in the order its
 * events state: the first accounts ({@code DemonstrationAccountsReady}), then the records and the panel,
 * and once the records are there ({@code DemonstrationRecordsSeeded}) the publication that analyses
 * them. Heard again, as on every later start, the events seed nothing twice.
 */
@OversightTest
@RecordApplicationEvents
class SeedingTheDemonstrationInTheOrderItsEventsStateTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    ApplicationEvents events;

    /** Where in the audit trail an action first comes: at the start, before any test, for these. */
    long first(String action) {
        return jdbc.sql("select min(sequence_no) from audit_entry where action = ?").param(action).query(Long.class).single();
    }

    /** The last demonstration account made (only the first start makes them). */
    long lastDemonstrationAccount() {
        return jdbc.sql("""
                select max(sequence_no) from audit_entry
                where action = 'ACCOUNT_CREATED' and after_summary like '%; demonstration account%'""").query(Long.class).single();
    }

    /** The last of the demonstration imports, each file's first import (tests may import some files again later). */
    long lastDemonstrationImport() {
        return jdbc.sql("""
                select max(first_import) from (
                    select min(sequence_no) as first_import from audit_entry
                    where action = 'RECORDS_IMPORTED'
                      and subject in (select 'import:' || file_name from import_batch where demonstration or synthetic)
                    group by subject) imports""").query(Long.class).single();
    }

    @Test
    void the_accounts_come_before_the_panel_and_the_records_before_the_publication_that_analyses_them() {
        long accounts = lastDemonstrationAccount();
        long records = lastDemonstrationImport();
        long panel = first("ORGANISATION_ADDED");
        long analysis = first("ANALYSIS_SNAPSHOT_SAVED");
        long publication = first("ANALYSIS_PUBLISHED");

        assertThat(accounts).isLessThan(panel).isLessThan(records);
        assertThat(records).isLessThan(analysis);
        assertThat(analysis).isLessThan(publication);
        assertThat(jdbc.sql("select records from analysis_snapshot where title = 'Children stopped and searched in London (demonstration)'")
                .query(Long.class).single()).as("the analysis counted the demonstration records").isPositive();
    }

    List<Long> counts() {
        return List.of("select count(*) from import_batch where demonstration or synthetic",
                        "select count(*) from organisation where demonstration",
                        "select count(*) from recommendation where demonstration",
                        "select count(*) from publication_schedule where demonstration",
                        "select count(*) from publication where demonstration").stream()
                .map(sql -> jdbc.sql(sql).query(Long.class).single()).toList();
    }

    @Test
    void heard_again_as_on_a_later_start_the_events_seed_nothing_twice() {
        List<Long> before = counts();
        assertThat(before).allMatch(count -> count > 0);

        publisher.publishEvent(new DemonstrationAccountsReady());

        assertThat(events.stream(DemonstrationRecordsSeeded.class)).as("the records say they are there").hasSize(1);
        assertThat(counts()).isEqualTo(before);
    }
}
