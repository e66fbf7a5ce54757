package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.statistics.DisclosureControl;
import uk.saferschools.oversight.statistics.Intruder;

/**
 * Joint protection of the police.uk figures of every publication over the same records (ADR 0010). The
 * record of what is public is written as one linear system over the counts of the finest cells the
 * publications are made of: force × ethnicity definition × children or adults × borough (or none) ×
 * calendar quarter × group, with force × definition × age × month × group for the monthly trend and
 * force × definition × age × quarter × group for the arrests and the "more than outer clothing removed"
 * of the decision-point chain. Each published figure of each publication (a borough's count for a group,
 * a group's count, the total of all, a month of the trend, a stage of the chain) is an equation over those
 * counts; each withheld one is a sum known to be at least 1. The two definitions of ethnicity classify the
 * same records, so a borough's quarter has the same total under both. The {@link Intruder} then attacks
 * every withheld figure of every publication.
 * <p>
 * A new publication is protected with the earlier ones it shares records with: while the intruder knows a
 * withheld figure, one more of the new publication's own figures is withheld (the earlier ones are public
 * and cannot change), and then its tables are protected again on their own. If nothing of the new
 * publication is left to withhold, it is refused, naming the publication and table that would be opened.
 */
final class JointProtection {

    /** A publication as the intruder reads it: its id (any, for one not yet published), what it is of, and its tables as served. */
    record Published(long id, String title, String settings, LocalDate from, LocalDate to, PublishedTables tables) {

        String force() {
            return Publications.Publication.forceId(settings);
        }

        String definition() {
            return settings.contains("officer-defined") ? "officer" : "self";
        }

        boolean childrenOnly() {
            return settings.startsWith("children");
        }

        List<YearMonth> months() {
            return PublishedPeriod.monthsOf(YearMonth.from(from), YearMonth.from(to));
        }

        boolean sharesRecordsWith(Published other) {
            return force().equals(other.force()) && other.months().stream().anyMatch(months()::contains);
        }
    }

    /** A withheld figure of one publication, with the counts it is the sum of. */
    record Target(int publication, String figure, String name, int[] counts) {
    }

    /** The linear system of everything public and the withheld figures the intruder attacks. */
    record PublicRecord(Intruder intruder, List<Target> targets, Map<String, Shown> shownOfLast, List<String> recordsOf,
                        List<String> keys) {
    }

    /** A shown figure of the last publication, which joint protection may withhold. */
    record Shown(String figure, long value, int[] counts) {
    }

    /** Publishing would open a hole that no further suppression of the new publication closes. */
    static final class Refusal extends IllegalArgumentException {
        Refusal(String message) {
            super(message);
        }
    }

    private JointProtection() {
    }

    /** The earlier publications that share records with {@code candidate}, directly or through one another. */
    static List<Published> overlapping(List<Published> earlier, Published candidate) {
        List<Published> linked = new ArrayList<>(List.of(candidate));
        boolean grew = true;
        Set<Published> chosen = new LinkedHashSet<>();
        while (grew) {
            grew = false;
            for (Published p : earlier) {
                if (!chosen.contains(p) && linked.stream().anyMatch(p::sharesRecordsWith)) {
                    chosen.add(p);
                    linked.add(p);
                    grew = true;
                }
            }
        }
        return earlier.stream().filter(chosen::contains).toList();
    }

    /**
     * The figures of the new publication to withhold as well, so that nothing withheld in it or in
     * {@code earlier} can be worked out from all of them together. {@code tables} gives the new publication's
     * tables withholding as well the figures named. When no further suppression of the new publication is
     * enough: with {@code refuse}, a {@link Refusal}; without (a publication already out, read again), the
     * figures withheld so far.
     */
    static Set<String> protect(List<Published> earlier, Published candidate, Function<Set<String>, PublishedTables> tables,
                               boolean refuse) {
        List<Published> history = overlapping(earlier, candidate);
        if (history.isEmpty()) {
            return Set.of();
        }
        // what the earlier publications already give away (published before joint protection) cannot be helped here
        Set<String> alreadyOut = new HashSet<>();
        publicRecord(history).intruder().exposed().forEach(e -> alreadyOut.add(e.figure()));
        Set<String> alsoWithheld = new TreeSet<>();
        Published current = candidate;
        int from = 0;
        while (true) {
            List<Published> all = new ArrayList<>(history);
            all.add(current);
            PublicRecord record = publicRecord(all);
            // figures found safe stay safe as more is withheld; the new publication's own may be new ones
            from = Math.min(from, firstOf(record, all.size() - 1));
            Optional<Intruder.Exposure> exposure = record.intruder().firstExposed(from);
            while (exposure.isPresent() && (alreadyOut.contains(exposure.get().figure())
                    || knownFromHistory(history, record, record.targets().get(record.intruder().indexOf(exposure.get().figure()))))) {
                alreadyOut.add(exposure.get().figure());
                exposure = record.intruder().firstExposed(record.intruder().indexOf(exposure.get().figure()) + 1);
            }
            if (exposure.isEmpty()) {
                return alsoWithheld;
            }
            from = record.intruder().indexOf(exposure.get().figure());
            Target target = record.targets().get(from);
            Optional<Shown> next = nextToWithhold(record, target, alsoWithheld);
            if (next.isEmpty()) {
                if (refuse) {
                    Published opened = target.publication() >= 0 ? all.get(target.publication())
                            : history.stream().filter(p -> p.sharesRecordsWith(candidate)).findFirst().orElse(history.get(0));
                    throw new Refusal("This cannot be published: with " + (target.publication() == all.size() - 1 ? "what is already public"
                            : "it") + ", " + describe(opened, target.figure()) + " of “" + opened.title() + "” ("
                            + opened.from() + " to " + opened.to() + ") could be worked out, withheld as it is, whatever else of this "
                            + "analysis is withheld. Publish a period that shares no records with it, or the same period and ethnicity.");
                }
                return alsoWithheld;
            }
            // withhold everything withheld now as well, so that protecting the tables again only adds to it
            record.targets().stream().filter(t -> t.publication() == all.size() - 1).map(Target::figure).forEach(alsoWithheld::add);
            alsoWithheld.add(next.get().figure());
            current = new Published(candidate.id(), candidate.title(), candidate.settings(), candidate.from(), candidate.to(), tables.apply(alsoWithheld));
        }
    }

    /**
     * What the intruder finds out from all of {@code publications} together, by the safety rule: a withheld figure
     * it pins to one value, unless the publications before the one that withholds it had made that value public
     * already (withholding it there hid nothing); and a count of records no table shows that it knows to be from
     * 1 to 4.
     */
    static List<Intruder.Exposure> opened(List<Published> publications) {
        if (publications.isEmpty()) {
            return List.of();
        }
        PublicRecord record = publicRecord(publications);
        return record.intruder().exposed().stream().filter(e -> {
            Target t = record.targets().get(record.intruder().indexOf(e.figure()));
            return t.publication() < 0 || !knownFromHistory(publications.subList(0, t.publication()), record, t);
        }).toList();
    }

    /** The index of the first target of the publication at {@code index}, or of the first count if it has none. */
    private static int firstOf(PublicRecord record, int index) {
        for (int k = 0; k < record.targets().size(); k++) {
            if (record.targets().get(k).publication() == index || record.targets().get(k).publication() < 0) {
                return k;
            }
        }
        return record.targets().size();
    }

    /**
     * Whether a figure of the new publication is known from the earlier ones alone (a quarter that is the year
     * less the other three, all of them out, say): withholding it would hide nothing, so it opens no hole.
     */
    private static boolean knownFromHistory(List<Published> history, PublicRecord record, Target target) {
        if (target.publication() != history.size() || history.isEmpty()) {
            return false;
        }
        PublicRecord before = publicRecord(history);
        List<String> keys = before.keys();
        int[] cells = new int[target.counts().length];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = keys.indexOf(record.keys().get(target.counts()[k]));
            if (cells[k] < 0) {
                return false;
            }
        }
        Intruder intruder = before.intruder();
        intruder.withheld("the new publication's " + target.figure(), cells);
        return intruder.firstExposed(intruder.withheldFigures() - 1).isPresent();
    }

    /**
     * The shown figure of the new publication to withhold next for {@code target}: one that is not 0 and can be
     * withheld (a month of the trend goes with its group's count); by preference one that shares a count with
     * it, else the records of a borough's span of months (under the other definition of ethnicity, say), else
     * the same borough and group in another period (a quarter of a year whose other quarters are out), else
     * the same group; then a borough's count before a stage of the chain, those before a group's count, and
     * the total of all last; then the smallest.
     */
    private static Optional<Shown> nextToWithhold(PublicRecord record, Target target, Set<String> withheldAlready) {
        Set<Integer> counts = new HashSet<>();
        IntStream.of(target.counts()).forEach(counts::add);
        Set<String> records = new HashSet<>();
        Set<String> cells = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (int c : target.counts()) {
            String[] k = record.keys().get(c).split("\\|", -1);
            records.add(record.recordsOf().get(c));
            cells.add(k[3] + "|" + k[5]);
            groups.add(k[5]);
        }
        Function<Shown, Integer> affinity = s -> {
            int best = 4;
            for (int c : s.counts()) {
                String[] k = record.keys().get(c).split("\\|", -1);
                best = Math.min(best, counts.contains(c) ? 0 : records.contains(record.recordsOf().get(c)) ? 1
                        : cells.contains(k[3] + "|" + k[5]) ? 2 : groups.contains(k[5]) ? 3 : 4);
            }
            return best;
        };
        Comparator<Shown> preference = Comparator.comparing(affinity).thenComparingInt(s -> rank(s.figure()))
                .thenComparingLong(Shown::value).thenComparing(Shown::figure);
        return record.shownOfLast().values().stream()
                .filter(s -> s.value() > 0 && rank(s.figure()) >= 0 && !withheldAlready.contains(s.figure()))
                .min(preference);
    }

    private static int rank(String figure) {
        String table = figure.substring(0, figure.indexOf('|'));
        boolean all = figure.endsWith("|" + PublishedTables.ALL);
        return switch (table) {
            case PublishedTables.BOROUGHS -> 0;
            case PublishedTables.ARRESTED, PublishedTables.STRIPPED -> all ? 3 : 1;
            case PublishedTables.FIGURES -> all ? 4 : 2;
            default -> -1; // a month of the trend: withheld only with its group's count
        };
    }

    /** "Borough E09000001's count for Black children" and the like: a figure as the secretariat reads it. */
    static String describe(Published p, String figure) {
        String[] parts = figure.split("\\|", -1);
        if (parts.length == 6) {
            return "a small count of records (" + String.join(", ", parts) + ") by subtracting figures of its tables (table: boroughs)";
        }
        String group = parts[2].equals(PublishedTables.ALL) ? "all groups" : parts[2];
        return switch (parts[0]) {
            case PublishedTables.BOROUGHS -> "the count for " + group + " in " + (parts[1].isEmpty() ? "“borough not known”"
                    : "borough " + parts[1]) + " (table: boroughs)";
            case PublishedTables.ARRESTED -> "the arrests of " + group + " (table: decision points)";
            case PublishedTables.STRIPPED -> "the “more than outer clothing removed” of " + group + " (table: decision points)";
            default -> "the count for " + group + " (table: figures by group)";
        };
    }

    /**
     * Everything public from {@code publications} as one linear system; the last publication's shown figures
     * are kept for joint protection to choose from.
     */
    static PublicRecord publicRecord(List<Published> publications) {
        Counts counts = new Counts(publications);
        List<Target> targets = new ArrayList<>();
        Map<String, Shown> shownOfLast = new LinkedHashMap<>();
        List<int[]> shownCounts = new ArrayList<>();
        List<Long> shownValues = new ArrayList<>();
        for (int i = 0; i < publications.size(); i++) {
            Published p = publications.get(i);
            int index = i;
            FigureSink sink = (figure, shown, cells) -> {
                if (shown.equals(DisclosureControl.SUPPRESSED)) {
                    targets.add(new Target(index, figure, "publication " + index + " “" + p.title() + "”: " + figure, cells));
                } else if (!shown.isEmpty()) {
                    shownCounts.add(cells);
                    shownValues.add(Long.parseLong(shown));
                    if (index == publications.size() - 1) {
                        shownOfLast.put(figure, new Shown(figure, Long.parseLong(shown), cells));
                    }
                }
            };
            counts.figuresOf(p, sink);
        }
        List<int[][]> links = new ArrayList<>();
        counts.sameRecordsUnderBothDefinitions(links);
        counts.monthsMakeTheirQuarter(links);
        Intruder intruder = new Intruder(counts.size());
        for (int k = 0; k < shownCounts.size(); k++) {
            intruder.published(shownCounts.get(k), shownValues.get(k));
        }
        links.forEach(l -> intruder.equal(l[0], l[1]));
        targets.forEach(t -> intruder.withheld(t.name(), t.counts()));
        // and every finest count that no table shows as such, with a borough's span over all groups and a group's
        // span over all boroughs: differencing must not give away a small one (one that a table withholds as it is
        // is a withheld figure, and must be able to move, as in one table alone)
        Set<String> withheldAsSuch = new HashSet<>();
        targets.forEach(t -> withheldAsSuch.add(sorted(t.counts())));
        Map<String, List<Integer>> derived = new LinkedHashMap<>();
        counts.keys().forEach((key, n) -> {
            String[] k = key.split("\\|", -1);
            derived.computeIfAbsent(key, x -> new ArrayList<>()).add(n);
            if (k[4].contains("..") && !k[3].equals(PublishedTables.ARRESTED) && !k[3].equals(PublishedTables.STRIPPED)) {
                derived.computeIfAbsent(String.join("|", k[0], k[1], k[2], "all boroughs", k[4], k[5]), x -> new ArrayList<>()).add(n);
                derived.computeIfAbsent(String.join("|", k[0], k[1], k[2], k[3], k[4], "all groups"), x -> new ArrayList<>()).add(n);
            }
        });
        derived.forEach((key, cells) -> {
            int[] of = cells.stream().mapToInt(Integer::intValue).toArray();
            if (withheldAsSuch.contains(sorted(of))) {
                return;
            }
            Target count = new Target(-1, key, "the count of records " + key, of);
            targets.add(count);
            intruder.counted(count.name(), count.counts());
        });
        return new PublicRecord(intruder, targets, shownOfLast, counts.recordsOf(), List.copyOf(counts.keys().keySet()));
    }

    private static String sorted(int[] counts) {
        return IntStream.of(counts).sorted().mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElse("");
    }

    @FunctionalInterface
    private interface FigureSink {
        void figure(String figure, String shown, int[] counts);
    }

    /** The finest counts, numbered as they are first named. */
    private static final class Counts {

        private final Map<String, Integer> numbers = new HashMap<>();
        /** For each force: the boroughs any publication names, "" for records with no borough. */
        private final Map<String, Set<String>> boroughs = new HashMap<>();
        /** For each force and definition: the groups any publication names. */
        private final Map<String, Set<String>> groups = new HashMap<>();
        /** force|definition|age|span|group of the months named by a trend. */
        private final Set<String> monthlyQuarters = new TreeSet<>();
        /**
         * The first month of each span of months no publication divides: with fixed periods, the quarters (or
         * fewer, longer spans); with any other periods, as fine as they need, so that the old ones can be read too.
         */
        private final TreeSet<YearMonth> cuts = new TreeSet<>();
        private final Set<String> definitionsByForce = new TreeSet<>();

        Counts(List<Published> publications) {
            for (Published p : publications) {
                cuts.add(YearMonth.from(p.from()));
                cuts.add(YearMonth.from(p.to()).plusMonths(1));
                Set<String> named = boroughs.computeIfAbsent(p.force(), f -> new TreeSet<>(Set.of("")));
                p.tables().boroughCells().forEach(c -> named.add(c.code()));
                Set<String> g = groups.computeIfAbsent(p.force() + "|" + p.definition(), k -> new TreeSet<>());
                p.tables().figures().stream().map(Publications.Figure::group).filter(x -> !x.equals(PublishedTables.ALL)).forEach(g::add);
                definitionsByForce.add(p.force() + "|" + p.definition());
            }
        }

        int size() {
            return numbers.size();
        }

        /** The finest counts by key, in the order they are numbered. */
        Map<String, Integer> keys() {
            Map<String, Integer> keys = new LinkedHashMap<>();
            numbers.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> keys.put(e.getKey(), e.getValue()));
            return keys;
        }

        /** The span a month falls in, as "2022-04..2022-06". */
        private String spanOf(YearMonth month) {
            YearMonth start = cuts.floor(month);
            YearMonth end = cuts.higher(month);
            return start + ".." + end.minusMonths(1);
        }

        /** The spans of a publication's period, in order. */
        private List<String> spans(Published p) {
            return p.months().stream().map(this::spanOf).distinct().toList();
        }

        /** The months of a span named as {@link #spanOf} names it. */
        private static List<YearMonth> monthsOfSpan(String span) {
            return PublishedPeriod.monthsOf(YearMonth.parse(span.substring(0, 7)), YearMonth.parse(span.substring(9)));
        }

        /**
         * For each count, by number, the records it is of whatever their group and definition: force, age,
         * borough (or stage of the chain) and quarter.
         */
        List<String> recordsOf() {
            String[] records = new String[numbers.size()];
            numbers.forEach((key, n) -> {
                String[] k = key.split("\\|", -1);
                records[n] = k[3].equals("month") ? String.join("|", k[0], k[2], spanOf(YearMonth.parse(k[4])))
                        : String.join("|", k[0], k[2], k[3], k[4]);
            });
            return List.of(records);
        }

        private int number(String key) {
            return numbers.computeIfAbsent(key, k -> numbers.size());
        }

        private List<String> ages(Published p) {
            return p.childrenOnly() ? List.of("children") : List.of("children", "adults");
        }

        /**
         * The counts of borough × quarter × group cells a figure of {@code p} adds up; for a stage of the chain,
         * {@code inBoroughs} is that stage's name alone, which stands in the borough's place of its counts.
         */
        private int[] cells(Published p, Set<String> inBoroughs, Set<String> ofGroups) {
            List<String> quarters = spans(p);
            List<Integer> cells = new ArrayList<>();
            for (String age : ages(p)) {
                for (String borough : inBoroughs) {
                    for (String quarter : quarters) {
                        for (String group : ofGroups) {
                            cells.add(number(String.join("|", p.force(), p.definition(), age, borough, quarter, group)));
                        }
                    }
                }
            }
            return cells.stream().mapToInt(Integer::intValue).toArray();
        }

        private int[] month(Published p, YearMonth month, String group) {
            List<Integer> cells = new ArrayList<>();
            for (String age : ages(p)) {
                String quarter = spanOf(month);
                monthlyQuarters.add(String.join("|", p.force(), p.definition(), age, quarter, group));
                cells.add(number(String.join("|", p.force(), p.definition(), age, "month", month.toString(), group)));
            }
            return cells.stream().mapToInt(Integer::intValue).toArray();
        }

        void figuresOf(Published p, FigureSink sink) {
            PublishedTables tables = p.tables();
            Set<String> all = boroughs.get(p.force());
            Set<String> listed = new TreeSet<>();
            tables.boroughCells().forEach(c -> listed.add(c.code()));
            Set<String> groupsOfP = new TreeSet<>();
            tables.figures().stream().map(Publications.Figure::group).filter(g -> !g.equals(PublishedTables.ALL)).forEach(groupsOfP::add);
            for (PublishedTables.BoroughCell c : tables.boroughCells()) {
                // records with no borough, in a publication that lists some boroughs, are those of every borough it does not list
                Set<String> in = c.code().isEmpty() ? new TreeSet<>(all.stream().filter(b -> b.isEmpty() || !listed.contains(b)).toList())
                        : Set.of(c.code());
                sink.figure(PublishedTables.figureName(PublishedTables.BOROUGHS, c.code(), c.group()), c.events(),
                        cells(p, in, Set.of(c.group())));
            }
            for (Publications.Figure f : tables.figures()) {
                boolean total = f.group().equals(PublishedTables.ALL);
                sink.figure(PublishedTables.figureName(PublishedTables.FIGURES, "", f.group()), f.events(),
                        cells(p, all, total ? groupsOfP : Set.of(f.group())));
            }
            for (SnapshotFindings.TrendPoint t : tables.trend(p.from(), p.to())) {
                if (t.month() == null) {
                    continue;
                }
                try {
                    sink.figure("trend|" + t.month() + "|" + t.group(), Long.toString(t.events()), month(p, YearMonth.parse(t.month()), t.group()));
                } catch (DateTimeParseException e) {
                    // a month the intruder cannot place adds nothing it can use
                }
            }
            List<PublishedTables.ChainRow> chain = tables.chain();
            Set<String> chainGroups = new TreeSet<>();
            for (int r = 0; r < chain.size() - 1; r++) {
                chainGroups.add(chain.get(r).group());
            }
            for (int r = 0; r < chain.size(); r++) {
                PublishedTables.ChainRow row = chain.get(r);
                boolean total = r == chain.size() - 1;
                String group = total ? PublishedTables.ALL : row.group();
                Set<String> of = total ? chainGroups : Set.of(row.group());
                sink.figure(PublishedTables.figureName(PublishedTables.ARRESTED, "", group), row.arrested(),
                        cells(p, Set.of(PublishedTables.ARRESTED), of));
                sink.figure(PublishedTables.figureName(PublishedTables.STRIPPED, "", group), row.stripped(),
                        cells(p, Set.of(PublishedTables.STRIPPED), of));
            }
        }

        /** Each borough's quarter has the same records, so the same total, under both definitions of ethnicity. */
        void sameRecordsUnderBothDefinitions(List<int[][]> links) {
            for (String force : boroughs.keySet()) {
                if (!definitionsByForce.contains(force + "|self") || !definitionsByForce.contains(force + "|officer")) {
                    continue;
                }
                Set<String> quarters = new TreeSet<>();
                numbers.keySet().stream().map(k -> k.split("\\|", -1)).filter(k -> k[0].equals(force) && k.length == 6
                        && k[4].contains("..")).forEach(k -> quarters.add(k[4]));
                for (String age : List.of("children", "adults")) {
                    for (String borough : boroughs.get(force)) {
                        for (String quarter : quarters) {
                            int[] self = existing(force, "self", age, borough, quarter);
                            int[] officer = existing(force, "officer", age, borough, quarter);
                            if (self.length > 0 && officer.length > 0) {
                                links.add(new int[][] {self, officer});
                            }
                        }
                    }
                }
            }
        }

        private int[] existing(String force, String definition, String age, String borough, String quarter) {
            return groups.getOrDefault(force + "|" + definition, Set.of()).stream()
                    .map(g -> String.join("|", force, definition, age, borough, quarter, g))
                    .filter(numbers::containsKey).mapToInt(numbers::get).toArray();
        }

        /** The three months of a quarter add up to its boroughs' counts. */
        void monthsMakeTheirQuarter(List<int[][]> links) {
            for (String key : monthlyQuarters) {
                String[] k = key.split("\\|", -1);
                int[] months = monthsOfSpan(k[3]).stream()
                        .mapToInt(m -> number(String.join("|", k[0], k[1], k[2], "month", m.toString(), k[4]))).toArray();
                int[] cells = boroughs.get(k[0]).stream()
                        .mapToInt(b -> number(String.join("|", k[0], k[1], k[2], b, k[3], k[4]))).toArray();
                links.add(new int[][] {months, cells});
            }
        }
    }
}
