package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;

/**
 * A police.uk record's row keeps what its file said and where its point falls (V31, ADR 0024): its force and month
 * are its import's, and how each label was classified is kept once a label, by the import that first met it;
 * {@code stop_search_classified} gives the rows whole. A label held classified otherwise than this version would
 * classify it stops the import; the application cannot change or forget a classification; the migration keeps every
 * record and its classification. Months 2009-01 to 2009-03 are this test's own.
 */
@OversightTest
class KeepingTheRecordsAsPublishedTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    @Autowired
    RecordImports imports;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @TempDir
    Path directory;

    ImportOutcome importing(PoliceUkFileBuilder file) {
        Path path = file.writeTo(directory);
        return imports.importPoliceUk(path, path.getFileName().toString(), BY_ANALYST, ImportProgress.NONE);
    }

    @Test
    void a_row_keeps_the_labels_as_published_and_each_labels_classification_is_kept_once() {
        ImportOutcome outcome = importing(PoliceUkFileBuilder.forMonth("2009-01").rows(3)
                .row(Map.of("Self-defined ethnicity", "white - IRISH", "Officer-defined ethnicity", "WHITE",
                        "Outcome", "suspect ARRESTED"))
                .row(Map.of("Self-defined ethnicity", "Not Stated (NS)", "Officer-defined ethnicity", "",
                        "Outcome", "")));
        assertThat(outcome.status()).as(outcome.summary() + " " + outcome.problems()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(jdbc.sql("select column_name from information_schema.columns where table_name = 'stop_search'")
                .query(String.class).list())
                .contains("batch_id", "line_no", "self_defined_ethnicity", "officer_defined_ethnicity", "outcome")
                .doesNotContain("force", "month", "self_defined_category", "self_defined_group", "officer_defined_group",
                        "outcome_normalised");

        // each label as written, with the classification its first import gave it
        assertThat(jdbc.sql("select census_category || ' ' || ethnic_group from police_uk_self_defined_ethnicity"
                + " where label = 'white - IRISH'").query(String.class).single()).isEqualTo("WHITE_IRISH WHITE");
        assertThat(jdbc.sql("select census_category is null and ethnic_group is null from police_uk_self_defined_ethnicity"
                + " where label = 'Not Stated (NS)'").query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select ethnic_group from police_uk_officer_defined_ethnicity where label = 'WHITE'")
                .query(String.class).single()).isEqualTo("WHITE");
        assertThat(jdbc.sql("select outcome from police_uk_outcome where label = 'suspect ARRESTED'")
                .query(String.class).single()).isEqualTo("ARREST");

        List<Map<String, Object>> rows = jdbc.sql("select * from stop_search_classified where batch_id = ? order by line_no")
                .param(outcome.batchId()).query().listOfRows();
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsEntry("force", "metropolitan").containsEntry("self_defined_group", "BLACK")
                .containsEntry("self_defined_category", "CARIBBEAN").containsEntry("officer_defined_group", "BLACK")
                .containsEntry("outcome", "A no further action disposal").containsEntry("outcome_normalised", "NO_FURTHER_ACTION");
        assertThat(rows.get(0).get("month").toString()).isEqualTo("2009-01-01");
        assertThat(rows.get(3)).containsEntry("self_defined_ethnicity", "white - IRISH")
                .containsEntry("self_defined_category", "WHITE_IRISH").containsEntry("self_defined_group", "WHITE")
                .containsEntry("officer_defined_ethnicity", "WHITE").containsEntry("officer_defined_group", "WHITE")
                .containsEntry("outcome", "suspect ARRESTED").containsEntry("outcome_normalised", "ARREST");
        assertThat(rows.get(4)).containsEntry("self_defined_ethnicity", "Not Stated (NS)")
                .containsEntry("self_defined_group", null).containsEntry("officer_defined_ethnicity", null)
                .containsEntry("officer_defined_group", null).containsEntry("outcome", null)
                .containsEntry("outcome_normalised", null);
        assertThat(jdbc.sql("select sum(arrests) from stop_search_cell where force = 'metropolitan' and month = '2009-01-01'"
                + " and definition = 'SELF'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_file_with_a_label_held_classified_otherwise_is_refused_whole_even_with_quarantine_and_nothing_of_it_is_kept() {
        ImportOutcome kept = importing(PoliceUkFileBuilder.forMonth("2009-02").rows(4));
        // as if an earlier version had classified this spelling of "Arrest" as a summons
        DatabaseAs.owner(dataSource, owner -> owner.sql("insert into police_uk_outcome (label, outcome) values ('aRReST', 'SUMMONS')")
                .update());
        String heldMixed = "select count(*) from police_uk_self_defined_ethnicity where label = 'MIXED - White and Asian (M3)'";
        assertThat(jdbc.sql(heldMixed).query(Long.class).single()).as("a spelling no other file uses").isZero();
        try {
            for (ImportOptions options : List.of(BY_ANALYST, BY_ANALYST.quarantiningInvalidRows())) {
                Path file = PoliceUkFileBuilder.forMonth("2009-02").rows(6)
                        .row(Map.of("Outcome", "aRReST", "Self-defined ethnicity", "MIXED - White and Asian (M3)"))
                        .row(Map.of("Age range", "ten to seventeen")).writeTo(directory);
                ImportOutcome refused = imports.importPoliceUk(file, file.getFileName().toString(), options, ImportProgress.NONE);
                assertThat(refused.status()).as(refused.summary()).isEqualTo(ImportOutcome.Status.REJECTED);
                assertThat(refused.problems()).extracting(ImportProblem::message).anySatisfy(m -> assertThat(m)
                        .startsWith("2009-02-metropolitan-stop-and-search.csv")
                        .contains("the label \"aRReST\", held classified as SUMMONS (police_uk_outcome), not ARREST")
                        .contains("must be reclassified"))
                        .as("the invalid row reported too").anySatisfy(m -> assertThat(m).contains("line 9"));
                assertThat(jdbc.sql("select count(*) from stop_search_classified where month = '2009-02-01'").query(Long.class).single())
                        .as("the month's records, as they were").isEqualTo(4);
                assertThat(jdbc.sql("select batch_id from stop_search_classified where month = '2009-02-01' limit 1")
                        .query(Long.class).single()).isEqualTo(kept.batchId());
                assertThat(jdbc.sql(heldMixed).query(Long.class).single()).as("no label of the refused file").isZero();
                assertThat(jdbc.sql("select count(*) from audit_entry where action = 'IMPORT_REJECTED' and subject = ?")
                        .param("import:" + file.getFileName()).query(Long.class).single()).as("audited").isPositive();
            }
        } finally {
            DatabaseAs.owner(dataSource, owner -> owner.sql("delete from police_uk_outcome where label = 'aRReST'").update());
        }
    }

    @Test
    void the_application_may_add_a_labels_classification_but_never_change_or_forget_one() {
        importing(PoliceUkFileBuilder.forMonth("2009-03").rows(2));
        for (String change : List.of("update police_uk_outcome set outcome = 'SUMMONS' where label = 'A no further action disposal'",
                "delete from police_uk_outcome", "update police_uk_self_defined_ethnicity set ethnic_group = 'WHITE'",
                "delete from police_uk_self_defined_ethnicity", "update police_uk_officer_defined_ethnicity set ethnic_group = 'WHITE'",
                "delete from police_uk_officer_defined_ethnicity", "truncate police_uk_outcome")) {
            assertThatThrownBy(() -> jdbc.sql(change).update()).as(change).rootCause()
                    .hasMessageContaining("permission denied for table police_uk_");
        }
        assertThat(jdbc.sql("""
                select string_agg(p || '=' || has_table_privilege('stop_search_classified', p), ' ' order by p)
                from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p""").query(String.class).single())
                .as("the view, read only").isEqualTo("DELETE=false INSERT=false SELECT=true TRUNCATE=false UPDATE=false");
        assertThat(jdbc.sql("select outcome from police_uk_outcome where label = 'A no further action disposal'")
                .query(String.class).single()).isEqualTo("NO_FURTHER_ACTION");
    }

    /** Records as V30 stored them, of four imports: two months of one force, one of another and an empty month. */
    static void recordsAsStoredBeforeV31(JdbcClient db, String... selfDefinedGroupsOfWhiteIrish) {
        for (int month = 1; month <= 4; month++) {
            long id = db.sql("""
                    insert into import_batch (kind, file_name, size_bytes, force, month, status, started_at, imported_by)
                    values ('POLICE_UK', 'f' || ?, 0, ?, make_date(2012, ?, 1), 'ACTIVE', now(), 'test') returning id""")
                    .params(month, month == 3 ? "city-of-london" : "metropolitan", month).query(Long.class).single();
            String table = db.sql("select stop_search_batch_table(?)").param(id).query(String.class).single();
            db.sql("""
                    insert into %s (batch_id, line_no, force, month, type, occurred_at, borough_code, age_range,
                        self_defined_ethnicity, self_defined_category, self_defined_group, officer_defined_ethnicity,
                        officer_defined_group, outcome, outcome_normalised, outcome_linked, more_than_outer_clothing)
                    select b.id, n, b.force, b.month, (array['Person search', 'Vehicle search'])[1 + n %% 2],
                           b.month + interval '3 days', (array['E09000022', 'E09000001', null])[1 + n %% 3],
                           (array['under 10', '10-17', '18-24', null])[1 + n %% 4],
                           (array['White - Irish', 'Not Stated (NS)', null, 'Black or Black British - African (B2)'])[1 + n %% 4],
                           (array['WHITE_IRISH', null, null, 'AFRICAN'])[1 + n %% 4],
                           (array[?, null, null, 'BLACK'])[1 + n %% 4],
                           (array['White', 'Black', null])[1 + n %% 7 %% 3], (array['WHITE', 'BLACK', null])[1 + n %% 7 %% 3],
                           (array['Arrest', 'A no further action disposal', null])[1 + n %% 11 %% 3],
                           (array['ARREST', 'NO_FURTHER_ACTION', null])[1 + n %% 11 %% 3],
                           (array[true, false, null])[1 + n %% 13 %% 3], (array[true, false, null])[1 + n %% 17 %% 3]
                    from import_batch b, generate_series(1, 100 * b.id::int) n where b.id = ? and b.id < 4""".formatted(table))
                    .params(selfDefinedGroupsOfWhiteIrish[(month - 1) % selfDefinedGroupsOfWhiteIrish.length], id).update();
            db.sql("select stop_search_batch_attach(?)").param(id).query().singleRow();
        }
    }

    @Test
    void the_migration_keeps_every_record_with_its_force_month_and_classification() throws SQLException {
        try (ADatabaseOfAnEarlierVersion earlier = ADatabaseOfAnEarlierVersion.at(dataSource, "30")) {
            try (Connection owner = earlier.owner()) {
                JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(owner, true));
                recordsAsStoredBeforeV31(db, "WHITE");
                db.sql("select stop_search_recount(force, month) from import_batch").query().listOfRows();
                String before = ADatabaseOfAnEarlierVersion.digest(db, "stop_search");
                List<String> cellsBefore = db.sql("select t::text from stop_search_cell t order by 1").query(String.class).list();

                earlier.migrateTo("31");
                assertThat(ADatabaseOfAnEarlierVersion.digest(db, "stop_search_classified")).as("every row, with the columns it had").isEqualTo(before)
                        .startsWith("600 ");
                assertThat(db.sql("select label || '=' || coalesce(census_category, '-') || '/' || coalesce(ethnic_group, '-')"
                        + " from police_uk_self_defined_ethnicity order by 1").query(String.class).list())
                        .containsExactly("Black or Black British - African (B2)=AFRICAN/BLACK", "Not Stated (NS)=-/-",
                                "White - Irish=WHITE_IRISH/WHITE");
                assertThat(db.sql("select label || '=' || outcome from police_uk_outcome order by 1").query(String.class).list())
                        .containsExactly("A no further action disposal=NO_FURTHER_ACTION", "Arrest=ARREST");
                db.sql("select stop_search_recount(force, month) from import_batch").query().listOfRows();
                assertThat(db.sql("select t::text from stop_search_cell t order by 1").query(String.class).list())
                        .as("the cells, recounted through the classification kept once a label").isEqualTo(cellsBefore)
                        .hasSizeGreaterThan(10);

                // an import after the migration: its table, made like stop_search now, attached beside the tables
                // that still carry the dropped columns' bytes
                long later = db.sql("""
                        insert into import_batch (kind, file_name, size_bytes, force, month, status, started_at, imported_by)
                        values ('POLICE_UK', 'later', 0, 'metropolitan', date '2012-05-01', 'ACTIVE', now(), 'test')
                        returning id""").query(Long.class).single();
                String table = db.sql("select stop_search_batch_table(?)").param(later).query(String.class).single();
                db.sql("insert into " + table + " (batch_id, line_no, type, occurred_at, self_defined_ethnicity, outcome)"
                        + " values (?, 2, 'Person search', timestamptz '2012-05-03 10:00+00', 'White - Irish', 'Arrest')")
                        .param(later).update();
                db.sql("select stop_search_batch_attach(?)").param(later).query().singleRow();
                assertThat(db.sql("select force || ' ' || month || ' ' || self_defined_group || ' ' || outcome_normalised"
                        + " from stop_search_classified where batch_id = ?").param(later).query(String.class).single())
                        .isEqualTo("metropolitan 2012-05-01 WHITE ARREST");
                assertThat(ADatabaseOfAnEarlierVersion.digest(db, "stop_search_classified")).startsWith("601 ");
            }
        }
    }

    @Test
    void the_migration_stops_with_nothing_changed_if_records_held_classify_one_label_two_ways_or_stray_from_their_import()
            throws SQLException {
        Map<String, Consumer<JdbcClient>> held = Map.of(
                "a label of stop_search is classified in two ways by different rows",
                db -> recordsAsStoredBeforeV31(db, "WHITE", "OTHER"),
                "an officer-defined ethnicity or an outcome without its classification",
                db -> {
                    recordsAsStoredBeforeV31(db, "WHITE");
                    // every row of the label (one row alone would be two classifications, the check above)
                    assertThat(db.sql("update stop_search set outcome_normalised = null where outcome = 'Arrest'").update())
                            .isPositive();
                },
                "a record whose force or month is not its import's",
                db -> {
                    recordsAsStoredBeforeV31(db, "WHITE");
                    assertThat(db.sql("update stop_search set month = date '2011-12-01' where line_no = 7 and batch_id = 2")
                            .update()).isOne();
                });
        for (Map.Entry<String, Consumer<JdbcClient>> refused : held.entrySet()) {
            try (ADatabaseOfAnEarlierVersion earlier = ADatabaseOfAnEarlierVersion.at(dataSource, "30")) {
                try (Connection owner = earlier.owner()) {
                    JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(owner, true));
                    refused.getValue().accept(db);
                    String before = ADatabaseOfAnEarlierVersion.digest(db, "stop_search");
                    assertThatThrownBy(() -> earlier.migrateTo("31")).as(refused.getKey()).isInstanceOf(FlywayException.class)
                            .hasMessageContaining(refused.getKey());
                    assertThat(ADatabaseOfAnEarlierVersion.digest(db, "stop_search")).as("the records, untouched").isEqualTo(before);
                }
            }
        }
    }
}
