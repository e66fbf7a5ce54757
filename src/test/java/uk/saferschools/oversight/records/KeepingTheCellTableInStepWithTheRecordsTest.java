package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The cells of the police.uk records (V27, {@code stop_search_cell}) say what a count over the records says,
 * every cell of them, after imports, replacements of a month (by a different file, by an empty one), a
 * rejected replacement and an import with quarantined rows; the migration fills them for records already
 * held; the analyses' counts read from them are those the analyses counted from the records before; and the
 * application cannot write a count of its own. Months 2013-01 to 2013-08 are this test's own.
 */
@OversightTest
class KeepingTheCellTableInStepWithTheRecordsTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    /**
     * What the cells should be: a count over every record, once by each ethnicity definition; over the records with
     * their force, month and classification (V31's stop_search_classified, or stop_search before V31).
     */
    static final String COUNT_OVER_THE_RECORDS = """
            select concat_ws('|', force, month, definition, coalesce(grp, '-'), coalesce(borough_code, '-'),
                   case when age_range in ('under 10', '10-17') then age_range else 'other' end, type = 'Vehicle search',
                   count(*), count(*) filter (where outcome_normalised = 'ARREST'),
                   count(*) filter (where more_than_outer_clothing),
                   count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing),
                   count(*) filter (where outcome_linked is not null), count(*) filter (where outcome_linked))
            from (select *, 'SELF' as definition, self_defined_group as grp from %1$s
                  union all
                  select *, 'OFFICER', officer_defined_group from %1$s) by_definition
            group by force, month, definition, grp, borough_code,
                     case when age_range in ('under 10', '10-17') then age_range else 'other' end, type = 'Vehicle search'""";

    static final String THE_CELL_TABLE = """
            select concat_ws('|', force, month, definition, coalesce(ethnic_group, '-'), coalesce(borough_code, '-'), age_band,
                   vehicle, events, arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known,
                   outcome_linked)
            from stop_search_cell""";

    @Autowired
    RecordImports imports;
    @Autowired
    StopSearchCounts counts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @TempDir
    Path directory;

    ImportOutcome importing(Path file, ImportOptions options) {
        return imports.importPoliceUk(file, file.getFileName().toString(), options, ImportProgress.NONE);
    }

    ImportOutcome importing(PoliceUkFileBuilder file) {
        return importing(file.writeTo(directory), BY_ANALYST);
    }

    /** Rows unlike each other in every dimension of a cell and every count of one, {@code n} of them. */
    static PoliceUkFileBuilder varied(PoliceUkFileBuilder file, int n, int seed) {
        String[] types = {"Person search", "Person and Vehicle search", "Vehicle search"};
        String[] ages = {"under 10", "10-17", "18-24", "25-34", "over 34", ""};
        String[] selfDefined = {"Black/African/Caribbean/Black British - Caribbean", "White - English/Welsh/Scottish/Northern Irish/British",
                "Asian/Asian British - Bangladeshi", "Mixed/Multiple ethnic groups - White and Black Caribbean", "Other ethnic group - Any other ethnic group",
                "Other ethnic group - Not stated", ""};
        String[] officerDefined = {"Black", "White", "Asian", "Other", ""};
        String[] outcomes = {"Arrest", "A no further action disposal", "Community resolution", "Summons / charged by post", ""};
        String[] yesNo = {"True", "False", ""};
        String[][] places = {{"51.462", "-0.115"}, {"51.515", "-0.092"}, {"51.545", "-0.055"}, {"", ""}};
        for (int i = 0; i < n; i++) {
            int k = i * 7 + seed;
            String[] place = places[(k / 3) % places.length];
            file.row(Map.ofEntries(Map.entry("Type", types[k % types.length]), Map.entry("Age range", ages[(k / 2) % ages.length]),
                    Map.entry("Self-defined ethnicity", selfDefined[(k / 5) % selfDefined.length]),
                    Map.entry("Officer-defined ethnicity", officerDefined[(k / 11) % officerDefined.length]),
                    Map.entry("Outcome", outcomes[(k / 13) % outcomes.length]),
                    Map.entry("Outcome linked to object of search", yesNo[(k / 17) % yesNo.length]),
                    Map.entry("Removal of more than just outer clothing", yesNo[(k / 19) % yesNo.length]),
                    Map.entry("Latitude", place[0]), Map.entry("Longitude", place[1])));
        }
        return file;
    }

    List<String> cells(JdbcClient db) {
        return db.sql(THE_CELL_TABLE).query(String.class).list();
    }

    List<String> countOverTheRecords(JdbcClient db) {
        return countOverTheRecords(db, "stop_search_classified");
    }

    List<String> countOverTheRecords(JdbcClient db, String records) {
        return db.sql(COUNT_OVER_THE_RECORDS.formatted(records)).query(String.class).list();
    }

    void theCellTableAgreesWithTheRecords(String after) {
        List<String> records = countOverTheRecords(jdbc);
        assertThat(records).as("records to count after " + after).isNotEmpty();
        assertThat(cells(jdbc)).as("the cell table after " + after).containsExactlyInAnyOrderElementsOf(records);
    }

    long cellEvents(String month) {
        return jdbc.sql("""
                select coalesce(sum(events), 0) from stop_search_cell
                where force = 'metropolitan' and month = ?::date and definition = 'OFFICER'""")
                .param(month + "-01").query(Long.class).single();
    }

    @Test
    void imports_replacements_of_a_month_a_rejected_replacement_and_quarantined_rows_leave_every_cell_as_the_records_count_it() {
        // the demonstration data imported at start-up is held already
        theCellTableAgreesWithTheRecords("the demonstration data");

        assertThat(importing(varied(PoliceUkFileBuilder.forMonth("2013-01"), 300, 0)).status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(importing(varied(PoliceUkFileBuilder.forMonth("2013-02"), 200, 1)).status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(importing(varied(PoliceUkFileBuilder.forForceAndMonth("kent", "2013-01"), 90, 2)).status())
                .isEqualTo(ImportOutcome.Status.IMPORTED);
        theCellTableAgreesWithTheRecords("imports");
        assertThat(cellEvents("2013-01")).isEqualTo(300);

        // a different file for the month: its cells, none of the old file's
        assertThat(importing(varied(PoliceUkFileBuilder.forMonth("2013-01"), 120, 5)).status()).isEqualTo(ImportOutcome.Status.REPLACED);
        theCellTableAgreesWithTheRecords("a replacement");
        assertThat(cellEvents("2013-01")).isEqualTo(120);

        // a file with a bad row is rejected: the month and its cells stay as they were
        ImportOutcome rejected = importing(varied(PoliceUkFileBuilder.forMonth("2013-02"), 50, 3).row(Map.of("Gender", "?")));
        assertThat(rejected.status()).isEqualTo(ImportOutcome.Status.REJECTED);
        theCellTableAgreesWithTheRecords("a rejected replacement");
        assertThat(cellEvents("2013-02")).isEqualTo(200);

        // the same file with its bad rows quarantined: the valid rows are counted, the quarantined ones are in no cell
        ImportOutcome quarantined = importing(varied(PoliceUkFileBuilder.forMonth("2013-02"), 50, 3).row(Map.of("Gender", "?"))
                .row(Map.of("Age range", "eleven")).writeTo(directory), BY_ANALYST.quarantiningInvalidRows());
        assertThat(quarantined.status()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(quarantined.rowsInvalid()).isEqualTo(2);
        theCellTableAgreesWithTheRecords("an import with quarantined rows");
        assertThat(cellEvents("2013-02")).isEqualTo(50);

        // a month replaced by a file of no records (a header and blank lines: an empty file's content is the same for
        // every month, and the gate takes it for one imported already), then a new month of none: no cells
        byte[] noRecords = (PoliceUkFileBuilder.HEADER + "\n\n\n\n\n\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(importing(PoliceUkFileBuilder.forMonth("2013-02").writeBytes(directory, noRecords), BY_ANALYST).status())
                .isEqualTo(ImportOutcome.Status.REPLACED);
        theCellTableAgreesWithTheRecords("a month replaced by a file of no records");
        assertThat(cellEvents("2013-02")).isZero();
        byte[] noneEither = (PoliceUkFileBuilder.HEADER + "\n\n\n\n\n\n\n\n\n").getBytes(StandardCharsets.UTF_8);
        assertThat(importing(PoliceUkFileBuilder.forMonth("2013-03").writeBytes(directory, noneEither), BY_ANALYST).status())
                .isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(cellEvents("2013-03")).isZero();
        theCellTableAgreesWithTheRecords("a file of no records");
    }

    /** The query every analysis ran over the records until V27 (StopSearchCounts before the cells), word for word. */
    List<StopSearchCounts.Cell> countedFromTheRecordsAsBefore(Children.Ages children, boolean officerDefined, String force,
                                                               YearMonth from, YearMonth to) {
        String group = officerDefined ? "officer_defined_group" : "self_defined_group";
        return jdbc.sql("""
                select force, month, borough_code, %s as grp, count(*) as events,
                       count(*) filter (where outcome_normalised = 'ARREST') as arrests,
                       count(*) filter (where more_than_outer_clothing) as more_than_outer,
                       count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing) as arrested_more,
                       count(*) filter (where outcome_linked is not null) as known,
                       count(*) filter (where outcome_linked) as linked
                from stop_search_classified
                where type <> 'Vehicle search' and (? = false or %s)
                  and (cast(? as text) is null or force = ?)
                  and (cast(? as date) is null or month >= ?) and (cast(? as date) is null or month <= ?)
                group by force, month, borough_code, %s
                order by force, month, borough_code""".formatted(group,
                        (children == null ? Children.Ages.NOUGHT_TO_SEVENTEEN : children).policeUkRecord(), group))
                .params(children != null, force, force, first(from), first(from), first(to), first(to))
                .query((rs, n) -> new StopSearchCounts.Cell(rs.getString("force"), YearMonth.from(rs.getObject("month", LocalDate.class)),
                        rs.getString("borough_code"), rs.getString("grp") == null ? null : EthnicGroup.valueOf(rs.getString("grp")),
                        rs.getLong("events"), rs.getLong("arrests"), rs.getLong("more_than_outer"), rs.getLong("arrested_more"),
                        rs.getLong("known"), rs.getLong("linked")))
                .list();
    }

    long vehicleSearchesAsBefore(String force, YearMonth from, YearMonth to) {
        return jdbc.sql("""
                select count(*) from stop_search_classified where type = 'Vehicle search'
                  and (cast(? as text) is null or force = ?)
                  and (cast(? as date) is null or month >= ?) and (cast(? as date) is null or month <= ?)""")
                .params(force, force, first(from), first(from), first(to), first(to)).query(Long.class).single();
    }

    static LocalDate first(YearMonth month) {
        return month == null ? null : month.atDay(1);
    }

    @Test
    void the_analyses_count_from_the_cells_what_they_counted_from_the_records_for_every_choice_of_ages_ethnicity_force_and_months() {
        importing(varied(PoliceUkFileBuilder.forMonth("2013-05"), 400, 7));
        importing(varied(PoliceUkFileBuilder.forMonth("2013-06"), 250, 8));
        importing(varied(PoliceUkFileBuilder.forForceAndMonth("kent", "2013-06"), 60, 9));
        List<Children.Ages> ages = new ArrayList<>(Arrays.asList(Children.Ages.values()));
        ages.add(null); // all ages
        record Scope(String force, YearMonth from, YearMonth to) {
        }
        List<Scope> scopes = List.of(new Scope(null, null, null), new Scope("metropolitan", null, null),
                new Scope("metropolitan", YearMonth.of(2013, 5), YearMonth.of(2013, 6)),
                new Scope("kent", YearMonth.of(2013, 6), YearMonth.of(2013, 6)),
                new Scope("metropolitan", YearMonth.of(2022, 3), null), new Scope(null, null, YearMonth.of(2013, 5)),
                new Scope("no-such-force", null, null));
        int compared = 0;
        for (Children.Ages children : ages) {
            for (boolean officerDefined : new boolean[] {false, true}) {
                for (Scope scope : scopes) {
                    List<StopSearchCounts.Cell> before = countedFromTheRecordsAsBefore(children, officerDefined, scope.force(),
                            scope.from(), scope.to());
                    assertThat(counts.count(children, officerDefined, scope.force(), scope.from(), scope.to()))
                            .as("%s, %s, %s", children == null ? "all ages" : children.words(), officerDefined ? "officer-defined" : "self-defined", scope)
                            .containsExactlyInAnyOrderElementsOf(before);
                    compared += before.size();
                }
            }
        }
        assertThat(compared).as("cells compared").isGreaterThan(1_000);
        assertThat(counts.count(null, false)).containsExactlyInAnyOrderElementsOf(countedFromTheRecordsAsBefore(null, false, null, null, null));
        for (Scope scope : scopes) {
            assertThat(counts.vehicleSearches(scope.force(), scope.from(), scope.to())).as("vehicle searches, " + scope)
                    .isEqualTo(vehicleSearchesAsBefore(scope.force(), scope.from(), scope.to()));
        }
        assertThat(counts.vehicleSearches("metropolitan", YearMonth.of(2013, 5), YearMonth.of(2013, 6))).isPositive();
    }

    @Test
    void the_application_may_have_a_month_recounted_but_cannot_write_a_count_of_its_own() {
        importing(varied(PoliceUkFileBuilder.forMonth("2013-08"), 30, 4));
        assertThatThrownBy(() -> jdbc.sql("""
                insert into stop_search_cell (force, month, definition, age_band, vehicle, events, arrests,
                    more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
                values ('metropolitan', '2013-08-01', 'SELF', '10-17', false, 1000, 0, 0, 0, 0, 0)""").update())
                .rootCause().hasMessageContaining("permission denied for table stop_search_cell");
        assertThatThrownBy(() -> jdbc.sql("update stop_search_cell set events = events + 1 where month = '2013-08-01'").update())
                .rootCause().hasMessageContaining("permission denied for table stop_search_cell");
        assertThatThrownBy(() -> jdbc.sql("delete from stop_search_cell where month = '2013-08-01'").update())
                .rootCause().hasMessageContaining("permission denied for table stop_search_cell");
        jdbc.sql("select stop_search_recount('metropolitan', '2013-08-01')").query().singleRow();
        assertThat(cellEvents("2013-08")).isEqualTo(30);
        theCellTableAgreesWithTheRecords("a recount");
    }

    static final String STORE = """
            select stop_search_cells_store(?, array['SELF', 'OFFICER'], array[null, null]::text[],
                array[null, null]::text[], array['10-17', '10-17'], array[false, false], array[?, ?]::bigint[],
                array[0, 0]::bigint[], array[0, 0]::bigint[], array[0, 0]::bigint[], array[0, 0]::bigint[],
                array[0, 0]::bigint[])""";

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void the_application_may_have_an_imports_own_cells_stored_in_its_transaction_only_and_only_if_they_count_its_rows() {
        importing(varied(PoliceUkFileBuilder.forMonth("2013-09"), 30, 4));
        long imported = jdbc.sql("select id from import_batch where force = 'metropolitan' and month = '2013-09-01'"
                + " and status = 'ACTIVE'").query(Long.class).single();
        assertThatThrownBy(() -> jdbc.sql(STORE).params(imported, 30, 30).query().singleRow())
                .as("after its transaction").rootCause()
                .hasMessageContaining("the cells of import " + imported + " are stored only in the transaction that attaches its records");
        assertThat(cellEvents("2013-09")).isEqualTo(30);

        // in an import's own transaction (rolled back): its table made and attached, holding no rows
        TransactionTemplate inOne = new TransactionTemplate(transactions);
        inOne.executeWithoutResult(status -> {
            long id = jdbc.sql("""
                    insert into import_batch (kind, file_name, content_hash, size_bytes, force, month, status,
                        revision, demonstration, synthetic, started_at, imported_by)
                    values ('POLICE_UK', 'test', 'none', 0, 'cells-test-force', date '2013-10-01', 'ACTIVE', 1, false,
                        false, now(), 'test') returning id""").query(Long.class).single();
            jdbc.sql("select stop_search_batch_table(?)").param(id).query().singleRow();
            jdbc.sql("select stop_search_batch_attach(?)").param(id).query().singleRow();
            Object savepoint = status.createSavepoint();
            assertThatThrownBy(() -> jdbc.sql(STORE).params(id, 5, 5).query().singleRow())
                    .as("cells that do not count its rows").rootCause()
                    .hasMessageContaining("the cells of import " + id + " do not count its 0 records under each definition");
            status.rollbackToSavepoint(savepoint);
            assertThatThrownBy(() -> jdbc.sql(STORE).params(imported, 30, 30).query().singleRow())
                    .as("another import's, in this one's transaction").rootCause()
                    .hasMessageContaining("are stored only in the transaction that attaches its records");
            status.setRollbackOnly();
        });
        assertThat(cellEvents("2013-09")).as("nothing changed").isEqualTo(30);
        theCellTableAgreesWithTheRecords("refused cells");
    }

    @Test
    void a_database_that_held_records_before_the_cells_gets_them_counted_by_the_migration() throws SQLException {
        try (ADatabaseOfAnEarlierVersion earlier = ADatabaseOfAnEarlierVersion.at(dataSource, "26")) {
            try (Connection owner = earlier.owner()) {
                JdbcClient db = JdbcClient.create(new SingleConnectionDataSource(owner, true));
                // records as an earlier version stored them, of two forces and months
                db.sql("""
                        insert into stop_search (batch_id, line_no, force, month, type, occurred_at, borough_code, age_range,
                            self_defined_group, officer_defined_group, outcome_normalised, outcome_linked, more_than_outer_clothing)
                        select 1, n, case when n % 5 = 0 then 'city-of-london' else 'metropolitan' end,
                               date '2012-01-01' + (n % 3) * interval '1 month', (array['Person search', 'Vehicle search'])[1 + n % 2],
                               timestamptz '2012-01-15 12:00+00', (array['E09000022', 'E09000001', null])[1 + n % 3],
                               (array['under 10', '10-17', '18-24', null])[1 + n % 4], (array['BLACK', 'WHITE', null])[1 + n % 3],
                               (array['BLACK', 'ASIAN', 'WHITE', null])[1 + n % 7 % 4],
                               (array['ARREST', 'NO_FURTHER_ACTION', null])[1 + n % 11 % 3], (array[true, false, null])[1 + n % 13 % 3],
                               (array[true, false, null])[1 + n % 17 % 3]
                        from generate_series(1, 5000) n""").update();
                earlier.migrateTo("27");
                List<String> records = countOverTheRecords(db, "stop_search");
                assertThat(records).hasSizeGreaterThan(50);
                assertThat(cells(db)).containsExactlyInAnyOrderElementsOf(records);
            }
        }
    }
}
