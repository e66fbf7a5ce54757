package uk.saferschools.oversight.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.simple.JSONArray;
import org.json.simple.JSONObject;
import org.json.simple.parser.JSONParser;

/**
 * {@code ./oversight analyse} end to end, as a user runs it (the launcher, the JVM, the counting, rates.csv,
 * results.json and report.html), beside DuckDB doing the same counting on the same file, also as a process of its
 * own (Node.js with DuckDB's own package, which {@code bench/analyse-benchmark} installs). Runs alternate, ours then
 * DuckDB's, and the medians are compared. Ours runs with {@code -Xmx256m}, so that finishing at all shows the heap
 * stays under 256 MB; the peak is read from the garbage collector's log. The fixed cost is the median of runs over
 * a 1,000-row file. Run it with {@code bench/analyse-benchmark [N] [runs]} (default 10,000,000 records, about 2.2 GB,
 * made by scaling up the real records shipped with the product, and 3 runs of each).
 */
public final class AnalyseBenchmark {

    /** The per-group counts both must agree on: all ages, self-defined ethnicity, vehicle searches left out. */
    static final String DUCKDB_SQL = """
            select grp, count(*) as events,
                   count(*) filter (where o in ('Arrest', 'Suspect arrested')) as arrests,
                   count(*) filter (where o in ('Arrest', 'Suspect arrested') and lower(m) = 'true') as arrested_more_than_outer,
                   count(*) filter (where lower(l) in ('true', 'false')) as outcome_known,
                   count(*) filter (where lower(l) = 'true') as outcome_linked
            from (select case
                           when s is null or s = '' or lower(s) like '%not stated%' then 'Unknown'
                           when lower(s) like 'asian%' then 'Asian'
                           when lower(s) like 'black%' then 'Black'
                           when lower(s) like 'mixed%' then 'Mixed'
                           when lower(s) like 'white%' then 'White'
                           else 'Other' end as grp,
                         "Type" as t, "Outcome" as o, "Removal of more than just outer clothing" as m,
                         "Outcome linked to object of search" as l
                  from (select *, "Self-defined ethnicity" as s
                        from read_csv(getvariable('file'), header = true, all_varchar = true)))
            where t <> 'Vehicle search'
            group by grp order by grp""";

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Path.of("").toAbsolutePath();
        Path work = Files.createDirectories(root.resolve("target/bench/analyse"));
        Path file = work.resolve("records/2030-01-metropolitan-stop-and-search.csv");
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || Files.size(file) < records * 150L || Files.size(file) > records * 300L) {
            System.out.printf("Generating %,d records...%n", records);
            ImportBenchmark.generate(file, records);
        }
        Path small = work.resolve("small/2030-01-metropolitan-stop-and-search.csv");
        Files.createDirectories(small.getParent());
        try (var lines = Files.lines(file)) {
            Files.write(small, lines.limit(1001).toList(), StandardCharsets.UTF_8);
        }
        Path population = work.resolve("ts021.csv");
        try (var in = AnalyseBenchmark.class.getResourceAsStream("/bench/ts021-london.csv")) {
            Files.copy(in, population, StandardCopyOption.REPLACE_EXISTING);
        }
        Path script = work.resolve("duckdb-count.mjs");
        Files.writeString(script, """
                import { DuckDBInstance } from '%s';
                const instance = await DuckDBInstance.create(':memory:');
                const connection = await instance.connect();
                await connection.run("set variable file = '" + process.argv[2].replaceAll("'", "''") + "'");
                const result = await connection.runAndReadAll(`%s`);
                for (const row of result.getRows()) console.log(row.join(','));
                """.formatted(root.resolve("target/bench/duckdb/node_modules/@duckdb/node-api/lib/index.js"), DUCKDB_SQL));

        String load = loadAverage();
        System.out.printf("File: %s, %,d records, %.2f GB%n", file, records, Files.size(file) / 1e9);
        // one of each first, unmeasured: the launcher's first run after a build prepares its faster start, and
        // both read the file once into the page cache
        Map<String, long[]> ours = analyse(root, file.getParent(), population, work.resolve("out-warm"), work.resolve("gc-warm.log"));
        Map<String, long[]> theirs = duckdb(script, file);
        if (!show(ours).equals(show(theirs))) {
            throw new IllegalStateException("The counts differ.\n  analyse: " + show(ours) + "\n  DuckDB:  " + show(theirs));
        }
        List<Double> oursSeconds = new ArrayList<>();
        List<Double> duckSeconds = new ArrayList<>();
        long peakMb = 0;
        for (int run = 1; run <= runs; run++) {
            Path gc = work.resolve("gc-" + run + ".log");
            long start = System.nanoTime();
            analyse(root, file.getParent(), population, work.resolve("out-" + run), gc);
            oursSeconds.add((System.nanoTime() - start) / 1e9);
            peakMb = Math.max(peakMb, peakHeapMb(gc));
            start = System.nanoTime();
            duckdb(script, file);
            duckSeconds.add((System.nanoTime() - start) / 1e9);
            System.out.printf("run %d: analyse %.2f s, DuckDB %.2f s%n", run, oursSeconds.get(run - 1), duckSeconds.get(run - 1));
        }
        List<Double> fixed = new ArrayList<>();
        for (int run = 1; run <= 5; run++) {
            long start = System.nanoTime();
            analyse(root, small.getParent(), population, work.resolve("out-small"), work.resolve("gc-small.log"));
            fixed.add((System.nanoTime() - start) / 1e9);
        }
        double oursMedian = median(oursSeconds);
        double duckMedian = median(duckSeconds);
        System.out.println();
        System.out.println("Machine: " + ImportBenchmark.machine());
        System.out.println("Load average at start: " + load + ", at end: " + loadAverage()
                + " (a shared machine moves every figure)");
        System.out.printf("./oversight analyse, end to end: median %.2f s of %d (%s), %,.0f records/s; peak heap %d MB (run with -Xmx256m)%n",
                oursMedian, runs, list(oursSeconds), records / oursMedian, peakMb);
        System.out.printf("DuckDB %s via Node.js, end to end: median %.2f s of %d (%s), %,.0f records/s; the same counts%n",
                duckdbVersion(root), duckMedian, runs, list(duckSeconds), records / duckMedian);
        System.out.printf("Ratio: analyse is %.2f× DuckDB's speed (target: at least 1.5)%n", duckMedian / oursMedian);
        System.out.printf("Fixed cost: ./oversight analyse of 1,000 rows (report.html), median of 5: %.2f s (%s) (target: under 1 s)%n",
                median(fixed), list(fixed));
    }

    /** The per-group counts of ./oversight analyse, from its results.json rows and decision points. */
    static Map<String, long[]> analyse(Path root, Path records, Path population, Path out, Path gcLog) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("oversight").toString(), "analyse", "--records", records.toString(),
                "--population", population.toString(), "--out", out.toString());
        builder.environment().put("OVERSIGHT_JAVA_OPTS", "-Xmx256m -Xlog:gc:file=" + gcLog);
        run(builder, "./oversight analyse");
        return countsOf(out.resolve("results.json"));
    }

    static Map<String, long[]> duckdb(Path script, Path file) throws Exception {
        String output = run(new ProcessBuilder("node", script.toString(), file.toString()), "DuckDB");
        Map<String, long[]> counts = new TreeMap<>();
        for (String line : output.strip().split("\n")) {
            String[] cells = line.split(",");
            // Unknown: its events only, as results.json gives them
            long[] values = new long[cells[0].equals("Unknown") ? 1 : cells.length - 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = Long.parseLong(cells[i + 1].trim());
            }
            counts.put(cells[0], values);
        }
        return counts;
    }

    /**
     * The counts by group in results.json: events (from the rows), arrests and, of those, more than outer clothing removed (the decision chain), and outcomes
     * known and linked (the outcome test). Unknown has its events only.
     */
    static Map<String, long[]> countsOf(Path resultsJson) throws Exception {
        JSONObject json = (JSONObject) new JSONParser().parse(Files.readString(resultsJson));
        Map<String, long[]> counts = new TreeMap<>();
        for (Object o : (JSONArray) json.get("rows")) {
            JSONObject row = (JSONObject) o;
            long events = ((Number) row.get("events")).longValue();
            String group = (String) row.get("group");
            counts.put(group, group.equals("Unknown") ? new long[] {events} : new long[] {events, 0, 0, 0, 0});
        }
        for (Object o : (JSONArray) json.get("decision_chain")) {
            JSONObject group = (JSONObject) o;
            JSONArray stages = (JSONArray) group.get("stages");
            long[] c = counts.get((String) group.get("group"));
            c[1] = ((Number) ((JSONObject) stages.get(1)).get("count")).longValue();
            c[2] = ((Number) ((JSONObject) stages.get(2)).get("count")).longValue();
        }
        for (Object o : (JSONArray) json.get("outcome_test")) {
            JSONObject group = (JSONObject) o;
            long[] c = counts.get((String) group.get("group"));
            c[3] = ((Number) group.get("outcome_known")).longValue();
            c[4] = ((Number) group.get("linked")).longValue();
        }
        return counts;
    }

    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The most heap in use in any collection the log records (before it collected). */
    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }

    static String run(ProcessBuilder builder, String what) throws Exception {
        Path output = Files.createTempFile("bench", ".out");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + Files.readString(output));
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    static String duckdbVersion(Path root) {
        try {
            String json = Files.readString(root.resolve("target/bench/duckdb/node_modules/@duckdb/node-api/package.json"));
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return m.find() ? m.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String list(List<Double> values) {
        List<String> shown = new ArrayList<>();
        values.forEach(v -> shown.add(String.format(Locale.UK, "%.2f", v)));
        return String.join(", ", shown);
    }

    static String show(Map<String, long[]> counts) {
        Map<String, String> shown = new LinkedHashMap<>();
        counts.forEach((k, v) -> shown.put(k, java.util.Arrays.toString(v)));
        return shown.toString();
    }
}
