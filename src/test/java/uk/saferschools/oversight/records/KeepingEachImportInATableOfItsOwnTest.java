package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Each police.uk import keeps its records in a table of its own, a partition of {@code stop_search} (V29): the
 * import that brings a month makes and attaches it, the import that replaces the month drops the earlier one
 * whole, a rejected file leaves no table, the application cannot delete, change or add to an import's records
 * (they leave only with stop_search_supersede), and the migration moves records stored before it into a table per
 * import, row for row. Months 2010-01
 * to 2010-03 are this test's own.
 */
@OversightTest
class KeepingEachImportInATableOfItsOwnTest {

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

    /** The partitions of stop_search holding the month, by the import each belongs to. */
    Map<String, Long> tablesOf(String month) {
        return jdbc.sql("""
                select c.relname, (select count(*) from stop_search s where s.batch_id = b.id)
                from import_batch b join pg_class c on c.relname = 'stop_search_batch_' || b.id
                join pg_inherits i on i.inhrelid = c.oid and i.inhparent = 'stop_search'::regclass
                where b.kind = 'POLICE_UK' and b.month = ?::date order by 1""").param(month + "-01")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    boolean exists(String table) {
        return jdbc.sql("select to_regclass(?) is not null").param("public." + table).query(Boolean.class).single();
    }

    @Test
    void an_import_keeps_its_records_in_a_table_of_its_own_and_a_replacement_drops_the_earlier_one_whole() {
        ImportOutcome first = importing(PoliceUkFileBuilder.forMonth("2010-01").rows(40));
        assertThat(first.status()).as(first.summary()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(tablesOf("2010-01")).containsExactly(Map.entry("stop_search_batch_" + first.batchId(), 40L));

        ImportOutcome second = importing(PoliceUkFileBuilder.forMonth("2010-01").rows(25));
        assertThat(second.status()).as(second.summary()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(exists("stop_search_batch_" + first.batchId())).as("the replaced import's table").isFalse();
        assertThat(tablesOf("2010-01")).containsExactly(Map.entry("stop_search_batch_" + second.batchId(), 25L));
        assertThat(jdbc.sql("select count(*) from stop_search_classified where month = '2010-01-01'").query(Long.class).single())
                .isEqualTo(25);
        assertThat(jdbc.sql("select coalesce(sum(events), 0) from stop_search_cell where month = '2010-01-01' and definition = 'SELF'")
                .query(Long.class).single()).as("the month's cells, counted from the new table").isEqualTo(25);
    }

    @Test
    void a_rejected_file_leaves_no_table_and_the_month_it_would_have_replaced_keeps_its_own() {
        ImportOutcome kept = importing(PoliceUkFileBuilder.forMonth("2010-02").rows(12));
        long tablesBefore = partitions();
        ImportOutcome rejected = importing(PoliceUkFileBuilder.forMonth("2010-02").rows(30)
                .row(Map.of("Age range", "ten to seventeen")));
        assertThat(rejected.status()).as(rejected.summary()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(partitions()).isEqualTo(tablesBefore);
        assertThat(jdbc.sql("select count(*) from pg_class where relname like 'stop\\_search\\_batch\\_%' and relkind = 'r'")
                .query(Long.class).single()).as("tables of imports, attached or not").isEqualTo(tablesBefore);
        assertThat(tablesOf("2010-02")).containsExactly(Map.entry("stop_search_batch_" + kept.batchId(), 12L));
    }

    @Test
    void every_current_police_uk_import_has_its_table_attached_and_no_other_import_has_one() {
        importing(PoliceUkFileBuilder.forMonth("2010-03").rows(5));
        importing(PoliceUkFileBuilder.forMonth("2010-03").rows(6));
        List<String> unmatched = jdbc.sql("""
                select coalesce(b.id::text, 'no import') || ' ' || coalesce(b.status, '') || ' ' || coalesce(c.relname, 'no table')
                from (select * from import_batch where kind = 'POLICE_UK' and status = 'ACTIVE') b
                full join (select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                           where i.inhparent = 'stop_search'::regclass) c on c.relname = 'stop_search_batch_' || b.id
                where b.id is null or c.relname is null""").query(String.class).list();
        assertThat(unmatched).isEmpty();
    }

    @Test
    void the_application_cannot_delete_change_or_add_to_an_imports_records_nor_change_its_status_nor_make_a_table_for_one_not_current() {
        ImportOutcome current = importing(PoliceUkFileBuilder.forMonth("2010-03").rows(3));
        // an import's status changes only with its records (stop_search_supersede, which the replacing import calls):
        // the application cannot mark a current import superseded itself, nor forget an import
        assertThatThrownBy(() -> jdbc.sql("update import_batch set status = 'SUPERSEDED' where id = ?").param(current.batchId()).update())
                .rootCause().hasMessageContaining("permission denied for table import_batch");
        assertThatThrownBy(() -> jdbc.sql("delete from import_batch where id = ?").param(current.batchId()).update())
                .rootCause().hasMessageContaining("permission denied for table import_batch");
        assertThatThrownBy(() -> jdbc.sql("drop table stop_search_batch_" + current.batchId()).update())
                .rootCause().hasMessageContaining("must be owner");
        String table = "stop_search_batch_" + current.batchId();
        for (String change : List.of("delete from stop_search where batch_id = ?", "update stop_search set gender = 'Female' where batch_id = ?",
                "delete from " + table + " where batch_id = ?",
                "insert into stop_search select * from " + table + " where batch_id = ?",
                "insert into " + table + " select * from " + table + " where batch_id = ?")) {
            assertThatThrownBy(() -> jdbc.sql(change).param(current.batchId()).update()).as(change)
                    .rootCause().hasMessageContaining("permission denied for table stop_search");
        }
        assertThat(jdbc.sql("select count(*) from stop_search_batch_" + current.batchId()).query(Long.class).single())
                .as("the application reads an import's table").isEqualTo(3);
        assertThatThrownBy(() -> jdbc.sql("select stop_search_batch_table(?)").param(Long.MAX_VALUE).query().singleRow())
                .rootCause().hasMessageContaining("is not a current police.uk import");
        assertThatThrownBy(() -> jdbc.sql("select stop_search_batch_attach(?)").param(Long.MAX_VALUE).query().singleRow())
                .rootCause().hasMessageContaining("is not a current police.uk import");
        assertThat(exists("stop_search_batch_" + current.batchId())).isTrue();
    }

    long partitions() {
        return jdbc.sql("select count(*) from pg_inherits where inhparent = 'stop_search'::regclass").query(Long.class).single();
    }

    @Test
    void records_stored_before_the_migration_move_into_a_table_per_import_row_for_row() throws SQLException {
        try (ADatabaseOfAnEarlierVersion earlier = ADatabaseOfAnEarlierVersion.at(dataSource, "28")) {
            try (Connection owner = earlier.owner()) {
                JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(owner, true));
                // imports as an earlier version stored them: two months of one force, one of another, and an empty month
                for (int month = 1; month <= 4; month++) {
                    db.sql("""
                            insert into import_batch (kind, file_name, size_bytes, force, month, status, started_at, imported_by)
                            values ('POLICE_UK', 'f' || ?, 0, ?, make_date(2012, ?, 1), 'ACTIVE', now(), 'test')""")
                            .params(month, month == 3 ? "city-of-london" : "metropolitan", month).update();
                }
                db.sql("""
                        insert into stop_search (batch_id, line_no, force, month, type, occurred_at, age_range, self_defined_group,
                            officer_defined_group, legislation)
                        select b.id, n, b.force, b.month, 'Person search', b.month + interval '3 days', '10-17',
                               (array['BLACK', 'WHITE', null])[1 + n % 3], 'ASIAN', 'line ' || n
                        from import_batch b, generate_series(1, 100 * b.id::int) n where b.id < 4""").update();
                db.sql("select stop_search_recount(force, month) from import_batch").query().listOfRows();
                String rowsBefore = ADatabaseOfAnEarlierVersion.digest(db, "stop_search");
                List<String> cellsBefore = db.sql("select t::text from stop_search_cell t order by 1").query(String.class).list();

                earlier.migrateTo("29");
                assertThat(ADatabaseOfAnEarlierVersion.digest(db, "stop_search")).as("every row, unchanged").isEqualTo(rowsBefore);
                assertThat(db.sql("""
                        select c.relname || ' ' || (select count(*) from stop_search s where s.tableoid = c.oid)
                        from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'stop_search'::regclass
                        order by 1""").query(String.class).list())
                        .containsExactly("stop_search_batch_1 100", "stop_search_batch_2 200", "stop_search_batch_3 300",
                                "stop_search_batch_4 0");
                db.sql("select stop_search_recount(force, month) from import_batch").query().listOfRows();
                assertThat(db.sql("select t::text from stop_search_cell t order by 1").query(String.class).list())
                        .as("the cells, recounted from the tables per import").isEqualTo(cellsBefore).hasSizeGreaterThan(3);
            }
        }
    }
}
