package uk.saferschools.oversight.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A closed-loop load generator for the public data dashboard and the open data API: {@code clients}
 * clients each send a request, wait for the answer, and send the next, for {@code seconds} after a
 * warm-up; prints requests per second and latency percentiles per address and overall, and the
 * machine. Run it with {@code bench/load-test [seconds] [clients] [paths]} (which starts a server with the
 * demonstration data); {@code paths} is a comma-separated list of addresses to load instead of the default mix.
 */
public final class LoadTest {

    static List<String> PATHS = List.of("/data", "/api/v1/recommendations", "/api/v1/publications",
            "/api/v1/publications/1/figures", "/api/v1/meetings");

    /**
     * With BENCH_MADE_EACH_TIME=1 every request carries a cookie, as a signed-in person's would, so no answer
     * comes from the kept copy of anonymous answers: every page is made again (the cost of the first visit
     * after a change, and of every signed-in visit).
     */
    static final boolean MADE_EACH_TIME = "1".equals(System.getenv("BENCH_MADE_EACH_TIME"));

    /**
     * Seconds of load before the measurement (BENCH_WARM_UP_SECONDS, default 10): the JIT compiler is still busy
     * after 10 s (docs/performance/signed-in-pages.md), so a measurement of a warm server wants about 60.
     */
    static final int WARM_UP_SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARM_UP_SECONDS", "10"));

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        if (args.length > 3) {
            PATHS = List.of(args[3].split(","));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : PATHS) {
            HttpResponse<Void> check = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (check.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + check.statusCode());
            }
        }
        System.out.printf("Warming up for %d s (BENCH_WARM_UP_SECONDS)...%n", WARM_UP_SECONDS);
        run(http, base, WARM_UP_SECONDS, clients);
        System.out.printf("Measuring for %d s with %d clients...%n", seconds, clients);
        Result result = run(http, base, seconds, clients);
        System.out.println();
        System.out.println("Machine: " + ImportBenchmark.machine());
        System.out.println("Load average after: " + AnalyseBenchmark.loadAverage());
        System.out.println(MADE_EACH_TIME ? "Every answer made again (BENCH_MADE_EACH_TIME=1: each request carries a cookie)"
                : "As anonymous visitors: unchanged answers come from the kept copy");
        print(result);
        System.out.println(MADE_EACH_TIME ? "Target (issue 17, item 5): at least 1,000 requests/s with p95 under 50 ms on a 2-core machine."
                : "Target: at least 500 requests/s with p95 under 50 ms on a 2-core machine.");
    }

    /** What a run measured, over {@code seconds} of load. */
    record Result(List<List<Long>> latencies, AtomicLong[] errors, double seconds) {
    }

    static Result run(HttpClient http, String base, int seconds, int clients) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return run(http, base, clients, () -> System.nanoTime() < end);
    }

    /** Loads the addresses for as long as {@code going} says, each client starting a request only while it does. */
    static Result run(HttpClient http, String base, int clients, BooleanSupplier going) throws Exception {
        long started = System.nanoTime();
        List<List<Long>> latencies = new ArrayList<>();
        AtomicLong[] errors = new AtomicLong[PATHS.size()];
        for (int p = 0; p < PATHS.size(); p++) {
            latencies.add(Collections.synchronizedList(new ArrayList<>()));
            errors[p] = new AtomicLong();
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                int i = client;
                while (going.getAsBoolean()) {
                    int p = i++ % PATHS.size();
                    long start = System.nanoTime();
                    try {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + PATHS.get(p)));
                        if (MADE_EACH_TIME) {
                            request.header("Cookie", "bench=made-each-time");
                        }
                        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors[p].incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors[p].incrementAndGet();
                    }
                    latencies.get(p).add(System.nanoTime() - start);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return new Result(latencies, errors, (System.nanoTime() - started) / 1e9);
    }

    /** The table of a run: requests, requests/s and latency percentiles per address and overall. */
    static void print(Result result) {
        System.out.printf("%-34s %10s %10s %8s %8s %8s %8s%n", "address", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
        for (int p = 0; p < PATHS.size(); p++) {
            print(PATHS.get(p), result.latencies.get(p), result.seconds, result.errors[p].get());
        }
        List<Long> all = new ArrayList<>();
        result.latencies.forEach(all::addAll);
        long errors = Arrays.stream(result.errors).mapToLong(AtomicLong::get).sum();
        print("all", all, result.seconds, errors);
    }

    static void print(String what, List<Long> latencies, double seconds, long errors) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-34s %10d %10.0f %8.1f %8.1f %8.1f %8d%n", what, sorted.length, sorted.length / seconds,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), errors);
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
