package uk.saferschools.oversight.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.analysis.Settings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.records.ImportOptions;
import uk.saferschools.oversight.records.ImportOutcome;
import uk.saferschools.oversight.records.ImportProgress;
import uk.saferschools.oversight.records.RecordImports;
import uk.saferschools.oversight.records.StopSearchCounts;

/**
 * What an analysis through the web costs as the records held grow, now that it reads the cells kept at import
 * ({@code stop_search_cell}, V27) instead of every record. Run it with {@code bench/cell-benchmark}.
 *
 * <p>Every record is in one cell of each ethnicity definition, so the records a table of cells stands for are the
 * sum of its self-defined cells.
 *
 * <p>One process: the product (web server on a free port, a fresh embedded database with the demonstration
 * data) and, as its client, demo-analyst's browser. For each number of records asked for:
 * <ul>
 *   <li>up to {@code BENCH_IMPORT_UP_TO} (default 10,000,000), real records: {@link GeneratedPoliceUkRecords} in
 *       120 monthly files of the Metropolitan Police (2012-03 to 2022-02), imported through the product's import
 *       gate (each file replacing the same month of the step before), one file at a time so that little disk is
 *       needed. What the recount of a month adds to its import is timed on its own;</li>
 *   <li>beyond that, cells generated directly (as the superuser), as 43 forces × ten years would make them: the
 *       Metropolitan Police's cells as the last import left them, and 42 more forces with copies of them whose
 *       counts make up the rest; then, as an upper bound for any number of records, the Metropolitan Police with
 *       every possible cell of its months filled.</li>
 * </ul>
 * Each step times, {@code BENCH_RUNS} times (default 5): the analysis through the web (the analysis form of
 * children aged 10 to 17, self-defined ethnicity, every month of the force, until the kept snapshot's page is
 * received), the same analysis at service level ({@link AnalysisSnapshots#run}: counting, statistics, the report,
 * kept as a snapshot), the counting query the analysis runs over the cells ({@link StopSearchCounts}), and,
 * where the records are held, the query the analyses ran over every record before V27. It prints the medians.
 */
public final class CellBenchmark {

    static final String FORCE = "metropolitan";
    static final YearMonth FIRST_MONTH = ScaleBenchmark.FIRST_MONTH;
    static final int MONTHS = ScaleBenchmark.MONTHS;
    static final int OTHER_FORCES = 42;
    static final Actor BY = new Actor("cell-benchmark", "ANALYST");

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finished\"\\s*:\\s*true");
    private static final Pattern SNAPSHOT_RECORDS = Pattern.compile(">\\s*([^<>]*), ([\\d,]+) records\\s*<");

    private final String base;
    private final HttpClient analyst = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    private CellBenchmark(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        List<Long> scales = new ArrayList<>();
        for (String arg : args.length > 0 ? args : new String[] {"1000000", "10000000", "100000000"}) {
            scales.add(Long.parseLong(arg.replace("_", "").replace(",", "")));
        }
        int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "5"));
        long importUpTo = Long.parseLong(System.getenv().getOrDefault("BENCH_IMPORT_UP_TO", "10000000"));
        String password = "cell-benchmark-" + UUID.randomUUID();
        System.out.println("Safer Schools Oversight cell benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        ScaleBenchmark.machine();
        System.out.println("Medians of " + runs + " runs. Analysis through the web: the analysis form as demo-analyst (children "
                + "aged 10 to 17, self-defined ethnicity, reference White, force " + FORCE + ", every month held), timed from "
                + "the form's request until the kept snapshot's page is received; client and server in one JVM on this machine.");
        System.out.println();
        Path work = Files.createDirectories(Path.of("target", "bench", "cells"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OversightApplication.class)
                .run("--oversight.database.ephemeral=true", "--server.port=0", "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off", "--oversight.identity.demonstration-data=true",
                        "--oversight.identity.demo-passwords.demo-analyst=" + password)) {
            CellBenchmark web = new CellBenchmark("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
            web.signIn("demo-analyst", password);
            RecordImports imports = context.getBean(RecordImports.class);
            StopSearchCounts counts = context.getBean(StopSearchCounts.class);
            AnalysisSnapshots snapshots = context.getBean(AnalysisSnapshots.class);
            JdbcClient app = context.getBean(JdbcClient.class);
            // the generated cells go in as the superuser: the application's role may not write a count (V27)
            JdbcClient superuser = JdbcClient.create(new SingleConnectionDataSource(
                    ((HikariDataSource) context.getBean(DataSource.class)).getJdbcUrl(), "postgres", "", true));
            web.analyse("warm-up"); // the demonstration records alone: the JIT compiles the path once
            List<String> table = new ArrayList<>();
            table.add(String.format("%-16s %-44s %10s %12s %15s %12s %14s  %s", "records", "held as", "cells", "web analysis",
                    "service level", "cell query", "record query", "load (1 min)"));
            boolean generated = false;
            for (long scale : scales) {
                String heldAs;
                Double recordQuery = null;
                if (scale <= importUpTo && !generated) {
                    importRecords(imports, app, work, scale);
                    heldAs = "imported records (120 months of one force)";
                    recordQuery = median(Math.min(runs, 3), () -> timed(() -> countOverTheRecords(app)));
                } else {
                    generateCells(superuser, scale);
                    generated = true;
                    heldAs = "generated cells (43 forces x 120 months)";
                }
                table.add(web.step(scale, heldAs, counts, snapshots, superuser, runs, recordQuery));
            }
            if (generated) {
                long scale = scales.get(scales.size() - 1);
                everyCellFilled(superuser, scale);
                table.add(web.step(scale, "every possible cell of the force filled", counts, snapshots, superuser, runs, null));
            }
            System.out.println();
            table.forEach(System.out::println);
            System.out.println();
            System.out.println("Target (issue 17, item 3): the web analysis under 1 s at 10,000,000 records and no slower at 100,000,000.");
        }
    }

    /** Times each measure {@code runs} times at one number of records, and prints the line of the table. */
    private String step(long scale, String heldAs, StopSearchCounts counts, AnalysisSnapshots snapshots, JdbcClient superuser,
                        int runs, Double recordQuery)
            throws Exception {
        long records = superuser.sql("select coalesce(sum(events), 0) from stop_search_cell where definition = 'SELF'")
                .query(Long.class).single();
        long cells = superuser.sql("select count(*) from stop_search_cell where force = ?").param(FORCE).query(Long.class).single();
        long allCells = superuser.sql("select count(*) from stop_search_cell").query(Long.class).single();
        System.out.printf("%,d records asked for (%s): the cells stand for %,d records; %,d cells of %s, %,d in all%n", scale, heldAs,
                records, cells, FORCE, allCells);
        double cellQuery = median(runs, () -> timed(() -> counts.count(Children.Ages.TEN_TO_SEVENTEEN, false, FORCE, null, null)));
        Settings settings = new Settings(true, Children.Ages.TEN_TO_SEVENTEEN, "self", false, EthnicGroup.WHITE, FORCE, null, null);
        double service = median(runs, () -> timed(() -> snapshots.run("Cell benchmark, service level", settings, BY)));
        double[] analyses = new double[runs];
        for (int i = 0; i < runs; i++) {
            analyses[i] = analyse(String.format("Cell benchmark, %,d records, run %d", scale, i + 1));
        }
        Arrays.sort(analyses);
        double analysis = analyses[runs / 2];
        String load = AnalyseBenchmark.loadAverage().split(" ")[0];
        System.out.printf("  median: web analysis %.3f s, the same analysis at service level %.3f s, cell query %.3f s%s; "
                + "load average %s%n%n", analysis, service, cellQuery,
                recordQuery == null ? "" : String.format(", the query over every record as before V27 %.2f s", recordQuery), load);
        return String.format("%,-16d %-44s %,10d %10.3f s %13.3f s %10.3f s %14s  %s", records, heldAs, cells, analysis, service,
                cellQuery,
                recordQuery == null ? "-" : String.format("%.2f s", recordQuery), load);
    }

    /** Imports {@code total} records in 120 monthly files, one written, imported and deleted at a time. */
    private static void importRecords(RecordImports imports, JdbcClient app, Path work, long total) throws Exception {
        GeneratedPoliceUkRecords rows = GeneratedPoliceUkRecords.fromShippedRecords();
        ImportOptions options = ImportOptions.by(BY);
        System.out.printf("Importing %,d records in %d monthly files of %s (%s to %s) ...%n", total, MONTHS, FORCE, FIRST_MONTH,
                FIRST_MONTH.plusMonths(MONTHS - 1));
        long start = System.nanoTime();
        double[] recounts = new double[MONTHS];
        long perMonth = 0;
        for (int m = 0; m < MONTHS; m++) {
            YearMonth month = FIRST_MONTH.plusMonths(m);
            Path file = work.resolve(month + "-" + FORCE + "-stop-and-search.csv");
            perMonth = total / MONTHS + (m < total % MONTHS ? 1 : 0);
            rows.write(file, perMonth, month);
            ImportOutcome outcome = imports.importPoliceUk(file, file.getFileName().toString(), options, ImportProgress.NONE);
            Files.delete(file);
            if (outcome.rowsImported() != perMonth) {
                throw new IllegalStateException(outcome.summary() + " " + outcome.problems());
            }
            // what the recount in the import's transaction costs: the same recount again, on its own
            recounts[m] = timed(() -> app.sql("select stop_search_recount(?, ?)").params(FORCE, month.atDay(1)).query().singleRow());
        }
        Arrays.sort(recounts);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Imported in %.0f s (%,.0f records/s, with the recounts); the recount of a month of %,d records, "
                + "in its import's transaction, takes a median of %.3f s (slowest %.3f s)%n", seconds, total / seconds, perMonth,
                recounts[MONTHS / 2], recounts[MONTHS - 1]);
    }

    /**
     * The query every analysis ran over the records until V27 (children aged 10 to 17, self-defined, the force),
     * through the view that gives the records their force, month and classification since V31.
     */
    private static void countOverTheRecords(JdbcClient app) {
        app.sql("""
                select force, month, borough_code, self_defined_group as grp, count(*) as events,
                       count(*) filter (where outcome_normalised = 'ARREST') as arrests,
                       count(*) filter (where more_than_outer_clothing) as more_than_outer,
                       count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing) as arrested_more,
                       count(*) filter (where outcome_linked is not null) as known,
                       count(*) filter (where outcome_linked) as linked
                from stop_search_classified
                where type <> 'Vehicle search' and age_range in ('10-17') and force = ?
                group by force, month, borough_code, self_defined_group""").param(FORCE).query().listOfRows();
    }

    /**
     * Cells for {@code total} records as 43 forces would hold them: the Metropolitan Police's as imported, and 42
     * forces (unknown to the analyses, which name force areas only for the two London forces) with copies of them,
     * every count multiplied (and rounded, a cell keeping at least one record) so that all of them stand for about
     * {@code total} records.
     */
    private static void generateCells(JdbcClient superuser, long total) {
        superuser.sql("delete from stop_search_cell where force like 'generated-force-%'").update();
        long held = superuser.sql("select sum(events) from stop_search_cell where force = ? and definition = 'SELF'").param(FORCE)
                .query(Long.class).single();
        long others = superuser.sql("select coalesce(sum(events), 0) from stop_search_cell where force <> ? and definition = 'SELF'")
                .param(FORCE).query(Long.class).single();
        double factor = Math.max(0, total - held - others) / (double) (OTHER_FORCES * held);
        long start = System.nanoTime();
        superuser.sql("""
                insert into stop_search_cell (force, month, definition, ethnic_group, borough_code, age_band, vehicle, events,
                    arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
                select 'generated-force-' || f, month, definition, ethnic_group, borough_code, age_band, vehicle,
                       greatest(1, round(events * ?)), round(arrests * ?), round(more_than_outer_clothing * ?),
                       round(arrested_and_more_than_outer_clothing * ?), round(outcome_known * ?), round(outcome_linked * ?)
                from stop_search_cell, generate_series(1, ?) f where force = ?""")
                .params(factor, factor, factor, factor, factor, factor, OTHER_FORCES, FORCE).update();
        superuser.sql("analyze stop_search_cell").update();
        System.out.printf("Generated the cells of %d more forces (each the %s's cells with every count x %.3f) in %.0f s%n",
                OTHER_FORCES, FORCE, factor, (System.nanoTime() - start) / 1e9);
    }

    /**
     * An upper bound for any number of records: every month of the force holds every combination of the values its
     * cells can have (its boroughs, the three age bands, the five groups and unknown under each definition, vehicle
     * or not), so no number of records could make more
     * cells; the counts are shared out so that the force alone stands for about {@code total} records.
     */
    private static void everyCellFilled(JdbcClient superuser, long total) {
        long start = System.nanoTime();
        superuser.sql("delete from stop_search_cell where force like 'generated-force-%'").update();
        superuser.sql("create temporary table force_cell as select * from stop_search_cell where false").update();
        superuser.sql("""
                insert into force_cell
                select ?, m.month, d.definition, g.grp, b.borough_code, a.age_band, v.vehicle, 1, 0, 0, 0, 0, 0
                from (select distinct month from stop_search_cell where force = ?) m,
                     (values ('SELF'), ('OFFICER')) d (definition),
                     (values ('ASIAN'), ('BLACK'), ('MIXED'), ('OTHER'), ('WHITE'), (null)) g (grp),
                     (select distinct borough_code from stop_search_cell where force = ?) b,
                     (values ('under 10'), ('10-17'), ('other')) a (age_band),
                     (values (true), (false)) v (vehicle)""").params(FORCE, FORCE, FORCE).update();
        long cells = superuser.sql("select count(*) from force_cell").query(Long.class).single();
        long each = Math.max(1, 2 * total / cells); // each record is in one cell of each definition
        superuser.sql("""
                update force_cell set events = ?, arrests = ? / 6, more_than_outer_clothing = ? / 20,
                    arrested_and_more_than_outer_clothing = ? / 60, outcome_known = ? / 3, outcome_linked = ? / 5""")
                .params(each, each, each, each, each, each).update();
        superuser.sql("delete from stop_search_cell where force = ?").param(FORCE).update();
        superuser.sql("insert into stop_search_cell select * from force_cell").update();
        superuser.sql("drop table force_cell").update();
        superuser.sql("analyze stop_search_cell").update();
        System.out.printf("Filled every possible cell of %s: %,d cells of %,d records each, in %.0f s%n", FORCE, cells, each,
                (System.nanoTime() - start) / 1e9);
    }

    private static double median(int runs, DoubleSupplier measure) {
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            times[i] = measure.getAsDouble();
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    private static double timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Runs an analysis as the analysis page's form does, and returns the seconds until its snapshot's page was received. */
    private double analyse(String title) throws Exception {
        Matcher token = FORM_TOKEN.matcher(get("/analysis"));
        if (!token.find()) {
            throw new IllegalStateException("The analysis page has no form with a CSRF token");
        }
        String form = "title=" + encode(title) + "&childrenOnly=true&ethnicity=self&reference=WHITE&force=" + FORCE
                + "&from=&to=&_csrf=" + encode(token.group(1));
        long start = System.nanoTime();
        HttpResponse<String> response = analyst.send(HttpRequest.newBuilder(URI.create(base + "/analysis"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String run = response.headers().firstValue("Location").map(this::path).orElse("");
        if (response.statusCode() != 302 || !run.startsWith("/analysis/runs/")) {
            throw new IllegalStateException("The analysis form answered " + response.statusCode() + " to " + run);
        }
        long asked = System.nanoTime();
        do {
            Thread.sleep(ScaleBenchmark.POLL.toMillis());
        } while (!FINISHED.matcher(get(run + "/progress")).find());
        long done = System.nanoTime();
        HttpResponse<String> finished = analyst.send(HttpRequest.newBuilder(URI.create(base + run)).build(),
                HttpResponse.BodyHandlers.ofString());
        String snapshot = finished.headers().firstValue("Location").map(this::path).orElse("");
        if (finished.statusCode() != 302 || !snapshot.startsWith("/analysis/")) {
            throw new IllegalStateException("The analysis did not keep a snapshot: " + finished.statusCode() + " " + finished.body());
        }
        String page = get(snapshot);
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher held = SNAPSHOT_RECORDS.matcher(page);
        boolean found = held.find();
        System.out.printf("  %s: %.3f s (form %.3f s, run until finished %.3f s, snapshot's page %.3f s; snapshot %s: %s, "
                        + "%s records analysed)%n", title, seconds, (asked - start) / 1e9, (done - asked) / 1e9,
                (System.nanoTime() - done) / 1e9, snapshot, found ? held.group(1).strip() : "?", found ? held.group(2) : "?");
        return seconds;
    }

    private void signIn(String username, String password) throws Exception {
        Matcher token = FORM_TOKEN.matcher(get("/sign-in"));
        if (!token.find()) {
            throw new IllegalStateException("The sign-in form has no CSRF token");
        }
        HttpResponse<String> response = analyst.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(username) + "&password=" + encode(password)
                        + "&_csrf=" + encode(token.group(1)))).build(), HttpResponse.BodyHandlers.ofString());
        String to = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || to.contains("error")) {
            throw new IllegalStateException("Signing in as " + username + " failed: " + response.statusCode() + " to " + to);
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = analyst.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private String path(String location) {
        return location.startsWith(base) ? location.substring(base.length()) : location.replaceFirst("^https?://[^/]+", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
