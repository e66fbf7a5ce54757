package uk.saferschools.oversight.bench;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The product at scale, used as people use it, on a running server: police.uk records in monthly files
 * (default 10,000,000 in 120 files, ten years of a large force) uploaded one after another through the
 * analyst's upload page, the public site under load with and without an import running, and an analysis
 * of children over all of the records run through the web, three times. Run it with
 * {@code bench/scale-benchmark [N] [load seconds] [clients]}, which builds the product, makes the files,
 * starts the jar on a fresh embedded database with its demonstration data, and runs this.
 *
 * <p>{@code generate N DIR} makes the files; {@code run BASE_URL SERVER_LOG DIR N [seconds] [clients]} measures.
 * The first half of the files is imported with no other load, the second half while the public-site load
 * runs, so that the import is measured both ways and the public site is measured during an import; the
 * public site is loaded again once every record is held, and the database's size is read at the end.
 */
public final class ScaleBenchmark {

    /** The first month of the files: ten years ending just before the demonstration records' months (2022-03 to 2022-05). */
    static final YearMonth FIRST_MONTH = YearMonth.of(2012, 3);
    static final int MONTHS = 120;
    static final String FORCE = "metropolitan";
    /** How often an upload's or an analysis's progress is asked for; it bounds what the timing adds. */
    static final Duration POLL = Duration.ofMillis(50);

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "generate" -> generate(Long.parseLong(args[1]), Path.of(args[2]));
            case "run" -> new ScaleBenchmark(args[1], Path.of(args[2])).run(Path.of(args[3]), Long.parseLong(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 30, args.length > 6 ? Integer.parseInt(args[6]) : 16);
            default -> {
                System.err.println("Usage: ScaleBenchmark generate N DIR | run BASE_URL SERVER_LOG DIR N [seconds] [clients]");
                System.exit(2);
            }
        }
    }

    /** Makes the monthly files, unless the folder already holds those of the same number of records. */
    static void generate(long records, Path directory) throws IOException {
        Path made = directory.resolve("records.txt");
        String what = records + " records in " + MONTHS + " files from " + FIRST_MONTH;
        if (Files.exists(made) && Files.readString(made).equals(what)) {
            System.out.println("Using the files already made in " + directory + ": " + what);
            return;
        }
        if (Files.exists(directory)) {
            try (Stream<Path> old = Files.list(directory)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        long start = System.nanoTime();
        List<Path> files = GeneratedPoliceUkRecords.fromShippedRecords().writeMonthly(directory, records, FORCE, FIRST_MONTH, MONTHS);
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        Files.writeString(made, what);
        System.out.printf("Generated %,d records in %d monthly files (%s to %s), %.2f GB, in %.0f s%n", records, files.size(),
                FIRST_MONTH, FIRST_MONTH.plusMonths(MONTHS - 1), bytes / 1e9, (System.nanoTime() - start) / 1e9);
    }

    private final String base;
    private final Path serverLog;
    /** The analyst's browser: keeps the session cookie, follows no redirect (each is checked). */
    private final HttpClient analyst = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Anonymous visitors of the public site: no cookies, as LoadTest. */
    private final HttpClient visitors = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ScaleBenchmark(String base, Path serverLog) {
        this.base = base;
        this.serverLog = serverLog;
    }

    void run(Path directory, long records, int loadSeconds, int clients) throws Exception {
        List<Path> files;
        try (Stream<Path> found = Files.list(directory)) {
            files = found.filter(p -> p.getFileName().toString().endsWith("-stop-and-search.csv")).sorted().toList();
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        System.out.println("Safer Schools Oversight scale benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        machine();
        System.out.printf("Records: %,d in %d monthly police.uk files (%s to %s, force %s), %.2f GB%n", records, files.size(),
                FIRST_MONTH, FIRST_MONTH.plusMonths(MONTHS - 1), FORCE, bytes / 1e9);
        System.out.println("Server: " + base + ", fresh embedded database with the demonstration data; the load generator, "
                + "this client and the server share the machine");
        System.out.println();

        signIn("demo-analyst", demonstrationPassword("demo-analyst"));
        for (String path : LoadTest.PATHS) {
            HttpResponse<Void> check = visitors.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (check.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + check.statusCode());
            }
        }

        // 1. The public site with nothing else running
        System.out.printf("Public site, anonymous visitors, %d clients, no import running: warming up for 10 s, then %d s%n",
                clients, loadSeconds);
        LoadTest.run(visitors, base, 10, clients);
        LoadTest.Result quiet = LoadTest.run(visitors, base, loadSeconds, clients);
        LoadTest.print(quiet);
        System.out.println();

        // 2. The import, through the upload page: the first half alone, the second while the public site is loaded
        String token = uploadToken();
        int half = files.size() / 2;
        System.out.printf("Import through the analyst's upload page (one file after another, each timed from the start of "
                + "its upload until its job is finished): files 1 to %d with no other load...%n", half);
        Imported alone = importAll(files.subList(0, half), token);
        System.out.printf("Files %d to %d while %d clients load the public site...%n", half + 1, files.size(), clients);
        AtomicBoolean importing = new AtomicBoolean(true);
        AtomicReference<LoadTest.Result> during = new AtomicReference<>();
        AtomicReference<Exception> loadFailure = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try {
                during.set(LoadTest.run(visitors, base, clients, importing::get));
            } catch (Exception e) {
                loadFailure.set(e);
            }
        }, "public-load");
        load.start();
        Imported loaded;
        try {
            loaded = importAll(files.subList(half, files.size()), token);
        } finally {
            importing.set(false);
            load.join();
        }
        if (loadFailure.get() != null) {
            throw loadFailure.get();
        }
        System.out.println();
        System.out.printf("%-44s %7s %12s %10s %12s %12s %12s%n", "import", "files", "records", "seconds", "records/s",
                "p50 s/file", "p95 s/file");
        alone.print("files 1-" + half + ", no other load");
        loaded.print("files " + (half + 1) + "-" + files.size() + ", public site loaded");
        alone.and(loaded).print("all files");
        System.out.println();
        System.out.printf("Public site, anonymous visitors, %d clients, during the import of files %d to %d (%.0f s):%n",
                clients, half + 1, files.size(), during.get().seconds());
        LoadTest.print(during.get());
        System.out.println();

        // 3. The public site again, with nothing else running, now that every record is held
        System.out.printf("Public site, anonymous visitors, %d clients, no import running, every record held: %d s%n",
                clients, loadSeconds);
        LoadTest.print(LoadTest.run(visitors, base, loadSeconds, clients));
        System.out.println();

        // 4. An analysis of children over every record held, through the web, three times
        System.out.println("Analysis of children over every record held (force " + FORCE + ", every month), through the web as "
                + "demo-analyst, timed from the form's request until the kept snapshot's page is received:");
        double[] seconds = new double[3];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = analyse("Scale benchmark, run " + (i + 1));
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf("Median of three: %.2f s%n", sorted[1]);
        System.out.println();
        database();
        System.out.println();
        System.out.println("Load average at the end: " + AnalyseBenchmark.loadAverage());
    }

    /** The files imported, with how long each took. */
    record Imported(long records, List<Double> seconds, double elapsed) {

        Imported and(Imported other) {
            List<Double> both = new ArrayList<>(seconds);
            both.addAll(other.seconds);
            return new Imported(records + other.records, both, elapsed + other.elapsed);
        }

        void print(String what) {
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-44s %7d %,12d %10.1f %,12.0f %12.2f %12.2f%n", what, sorted.length, records, elapsed,
                    records / elapsed, percentile(sorted, 50), percentile(sorted, 95));
        }
    }

    private Imported importAll(List<Path> files, String token) throws Exception {
        List<Double> seconds = new ArrayList<>();
        long records = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            long began = System.nanoTime();
            long imported = upload(file, token);
            seconds.add((System.nanoTime() - began) / 1e9);
            records += imported;
        }
        return new Imported(records, seconds, (System.nanoTime() - start) / 1e9);
    }

    private static final Pattern UPLOAD_TOKEN = Pattern.compile("action=\"/records/imports\\?_csrf=([^\"&]+)\"");
    private static final Pattern FINISHED = Pattern.compile("\"finished\"\\s*:\\s*true");
    private static final Pattern ROWS = Pattern.compile("\"rows\"\\s*:\\s*(\\d+)");

    /** The upload form puts its CSRF token in its address (see RecordUploads); it lasts as long as the session. */
    private String uploadToken() throws Exception {
        Matcher token = UPLOAD_TOKEN.matcher(get("/records/imports"));
        if (!token.find()) {
            throw new IllegalStateException("The upload page has no form with a CSRF token: is demo-analyst signed in?");
        }
        return token.group(1);
    }

    /** Uploads one file as the page's form does, follows its job until it is finished, and returns the rows imported. */
    private long upload(Path file, String token) throws Exception {
        String boundary = "----scale-benchmark-" + System.nanoTime();
        String name = file.getFileName().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/records/imports?_csrf=" + token))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                                + "filename=\"" + name + "\"\r\nContent-Type: text/csv\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        HttpResponse<String> response = analyst.send(request, HttpResponse.BodyHandlers.ofString());
        String job = response.headers().firstValue("Location").map(this::path).orElse("");
        if (response.statusCode() != 302 || !job.startsWith("/records/imports/jobs/")) {
            throw new IllegalStateException("The upload of " + name + " answered " + response.statusCode() + " to " + job);
        }
        String progress;
        do {
            Thread.sleep(POLL.toMillis());
            progress = get(job + "/progress");
        } while (!FINISHED.matcher(progress).find());
        String page = get(job);
        if (!page.contains("Imported " + name)) {
            Matcher heading = Pattern.compile("<h1[^>]*>\\s*([^<]*)").matcher(page);
            throw new IllegalStateException("The import of " + name + " did not succeed: "
                    + (heading.find() ? heading.group(1).strip() : page));
        }
        Matcher rows = ROWS.matcher(progress);
        return rows.find() ? Long.parseLong(rows.group(1)) : 0;
    }

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SNAPSHOT_RECORDS = Pattern.compile(">\\s*([^<>]*), ([\\d,]+) records\\s*<");

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
        do {
            Thread.sleep(POLL.toMillis());
        } while (!FINISHED.matcher(get(run + "/progress")).find());
        HttpResponse<String> finished = analyst.send(HttpRequest.newBuilder(URI.create(base + run)).build(),
                HttpResponse.BodyHandlers.ofString());
        String snapshot = finished.headers().firstValue("Location").map(this::path).orElse("");
        if (finished.statusCode() != 302 || !snapshot.startsWith("/analysis/")) {
            throw new IllegalStateException("The analysis did not keep a snapshot: " + finished.statusCode() + " "
                    + finished.body());
        }
        String page = get(snapshot);
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher held = SNAPSHOT_RECORDS.matcher(page);
        boolean found = held.find();
        System.out.printf("  %s: %.2f s (snapshot %s: %s, %s records analysed)%n", title, seconds, snapshot,
                found ? held.group(1).strip() : "?", found ? held.group(2) : "?");
        return seconds;
    }

    /**
     * How much room the records take: read straight from the embedded database the server started (its
     * owner file names the port), as the superuser, which local connections may be.
     */
    private void database() throws IOException {
        Path owner = serverLog.resolveSibling("postgres.owner");
        if (!Files.exists(owner)) {
            return;
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(owner)) {
            properties.load(in);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + properties.getProperty("port")
                + "/oversight", "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     select (select count(*) from stop_search),
                            (select coalesce(sum(pg_relation_size(relid)), 0) from pg_partition_tree('stop_search')),
                            (select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('stop_search')
                             where isleaf), pg_database_size(current_database())""")) {
            rs.next();
            long rows = rs.getLong(1);
            System.out.printf("Database: stop_search holds %,d rows in %.2f GB (%.0f bytes a row; %.2f GB with its indexes), "
                            + "the whole database %.2f GB%n", rows, rs.getLong(2) / 1e9, rs.getLong(2) / (double) rows,
                    rs.getLong(3) / 1e9, rs.getLong(4) / 1e9);
        } catch (SQLException e) {
            System.out.println("Database: could not read its size (" + e.getMessage() + ")");
        }
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

    /** A demonstration account's password, as the first start printed it. */
    private String demonstrationPassword(String username) throws IOException {
        Matcher printed = Pattern.compile("\\s" + Pattern.quote(username) + ": (\\S+) \\(shown only this once\\)")
                .matcher(Files.readString(serverLog));
        if (!printed.find()) {
            throw new IllegalStateException("No password for " + username + " in " + serverLog);
        }
        return printed.group(1);
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

    static double percentile(double[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The machine the figures were measured on, and how busy it was. */
    static void machine() throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> String.format("%.1f GB memory", Long.parseLong(l.replaceAll("\\D", "")) / 1e6))
                .orElse("unknown memory");
        System.out.println("Machine: " + ImportBenchmark.machine() + " (" + System.getProperty("java.vm.vendor") + "), " + memory);
        String atStart = System.getenv("BENCH_LOAD_AT_START");
        System.out.println("Load average (1, 5, 15 min): " + (atStart != null ? atStart + " when the script started, " : "")
                + AnalyseBenchmark.loadAverage() + " when the measuring started");
        String server = System.getenv("BENCH_SERVER_OPTS");
        if (server != null) {
            System.out.println("Server JVM options: " + server);
        }
    }
}
