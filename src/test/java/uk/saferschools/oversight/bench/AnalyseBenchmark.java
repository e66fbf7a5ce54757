package uk.saferschools.oversight.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import uk.saferschools.oversight.analysis.AnalyseCommand;
import uk.saferschools.oversight.support.Commands;

/**
 * How fast {@code analyse} counts police.uk records, with its peak heap, beside the same counting as a
 * DuckDB SQL query on the same file. Run it with {@code bench/analyse-benchmark [N]} (default 10,000,000
 * records, about 2.2 GB, made by scaling up the real records shipped with the product).
 */
public final class AnalyseBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Path work = Files.createDirectories(Path.of("target", "bench"));
        Path file = work.resolve("2030-01-metropolitan-stop-and-search.csv");
        if (!Files.exists(file) || Files.lines(file).limit(1).count() == 0 || Files.size(file) < records * 150L
                || Files.size(file) > records * 300L) {
            ImportBenchmark.generate(file, records);
        }
        Path population = work.resolve("ts021.csv");
        try (var in = AnalyseBenchmark.class.getResourceAsStream("/bench/ts021-london.csv")) {
            Files.copy(in, population, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.printf("File: %s, %,d records, %.2f GB%n", file, records, Files.size(file) / 1e9);

        // warm-up on the same code path
        Commands.run(null, AnalyseCommand.class, "--records", file.toString(), "--population", population.toString(),
                "--out", work.resolve("warmup").toString());
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        Commands.Run run = Commands.run(null, AnalyseCommand.class, "--records", file.toString(), "--population",
                population.toString(), "--out", work.resolve("analyse").toString());
        double ours = (System.nanoTime() - start) / 1e9;
        if (run.status() != 0) {
            throw new IllegalStateException(run.err());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }

        double duck;
        long duckRows = 0;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            String sql = """
                    select case
                             when s is null or s = '' or lower(s) like '%%not stated%%' then 'Unknown'
                             when lower(s) like 'asian%%' then 'Asian'
                             when lower(s) like 'black%%' then 'Black'
                             when lower(s) like 'mixed%%' then 'Mixed'
                             when lower(s) like 'white%%' then 'White'
                             else 'Other' end as grp, count(*) as events
                    from (select "Self-defined ethnicity" as s, "Type" as t
                          from read_csv('%s', header = true, all_varchar = true))
                    where t <> 'Vehicle search'
                    group by grp order by grp""".formatted(file.toAbsolutePath());
            long duckStart = System.nanoTime();
            try (ResultSet rs = duckdb.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    duckRows += rs.getLong(2);
                }
            }
            duck = (System.nanoTime() - duckStart) / 1e9;
        }
        long ourRows = 0;
        for (String line : Files.readAllLines(work.resolve("analyse").resolve("rates.csv")).subList(1, 7)) {
            ourRows += Long.parseLong(line.split(",", -1)[2]);
        }
        if (ourRows != duckRows) {
            throw new IllegalStateException("The counts differ: analyse counted " + ourRows + " persons, DuckDB " + duckRows);
        }
        System.out.println();
        System.out.println("Machine: " + ImportBenchmark.machine());
        System.out.printf("oversight analyse: %,.0f records/s (%.2f s), peak heap %.0f MB%n", records / ours, ours, peak / 1e6);
        System.out.printf("DuckDB query:      %,.0f records/s (%.2f s), %,d persons counted, the same as analyse%n",
                records / duck, duck, duckRows);
        System.out.printf("Ratio: %.2f of DuckDB's speed (target: at least 1.00)%n", duck / ours);
    }
}
