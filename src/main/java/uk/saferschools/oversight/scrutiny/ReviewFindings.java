package uk.saferschools.oversight.scrutiny;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.records.Encounters;
import uk.saferschools.oversight.statistics.PerturbationTable;

/**
 * What the panel's body-worn video reviews found (issue 15, item 4): of the encounters with a consensus, per
 * calendar quarter of the encounters and over every quarter published, the share fully GOWISELY-compliant, the
 * ratings, footage missing or incomplete, an appropriate adult present where required, and force used and
 * whether justified; each for all encounters, split by Safer Schools Officer involvement and by broad ethnic group.
 * <p>
 * Published figures are protected as every count from our extended records is (ADR 0017): each count is
 * perturbed by the cell key method, with the sum of its encounters' record keys as its cell key, so the same
 * encounters always give the same figure; a total is a cell of its own; a share is worked out from the published
 * counts, and shown only when its published base is 10 or more. Only the protected figures are stored, once,
 * when the secretariat publishes a quarter; what is public then never changes.
 */
@Service
public class ReviewFindings {

    /** What is counted, and what a share of it is out of (null: no share). */
    public enum Measure {
        REVIEWED("Encounters reviewed", null),
        GOWISELY_COMPLIANT("Fully GOWISELY-compliant", "REVIEWED"),
        RED("Rated red", "REVIEWED"),
        AMBER("Rated amber", "REVIEWED"),
        GREEN("Rated green", "REVIEWED"),
        FOOTAGE_MISSING("Footage missing", "REVIEWED"),
        FOOTAGE_INCOMPLETE("Footage incomplete", "REVIEWED"),
        ADULT_REQUIRED("Appropriate adult required", null),
        ADULT_PRESENT("Appropriate adult present where required", "ADULT_REQUIRED"),
        FORCE_USED("Force used", "REVIEWED"),
        FORCE_JUSTIFIED("Force justified, where used", "FORCE_USED");

        private final String label;
        private final String outOf;

        Measure(String label, String outOf) {
            this.label = label;
            this.outOf = outOf;
        }

        public String label() {
            return label;
        }

        Measure outOf() {
            return outOf == null ? null : Measure.valueOf(outOf);
        }

        boolean counts(Reviewed r) {
            Map<String, String> a = r.answers();
            return switch (this) {
                case REVIEWED -> true;
                case GOWISELY_COMPLIANT -> !"no".equals(a.get("footage_available")) && ReviewForm.GOWISELY.stream()
                        .allMatch(g -> "yes".equals(a.get(g)) || "not_applicable".equals(a.get(g)));
                case RED -> r.rating() == ReviewForm.Rating.RED;
                case AMBER -> r.rating() == ReviewForm.Rating.AMBER;
                case GREEN -> r.rating() == ReviewForm.Rating.GREEN;
                case FOOTAGE_MISSING -> "no".equals(a.get("footage_available"));
                case FOOTAGE_INCOMPLETE -> "partly".equals(a.get("footage_complete")) || "no".equals(a.get("footage_complete"));
                case ADULT_REQUIRED -> a.containsKey("appropriate_adult_present_where_required")
                        && !"not_applicable".equals(a.get("appropriate_adult_present_where_required"))
                        && !"not_known".equals(a.get("appropriate_adult_present_where_required"));
                case ADULT_PRESENT -> "yes".equals(a.get("appropriate_adult_present_where_required"));
                case FORCE_USED -> List.of("handcuffs_used", "restraint_used", "taser_drawn", "taser_used").stream()
                        .anyMatch(f -> "yes".equals(a.get(f)));
                case FORCE_JUSTIFIED -> FORCE_USED.counts(r) && "yes".equals(a.get("force_justified"));
            };
        }
    }

    /** An encounter with a consensus, as the findings count it. */
    record Reviewed(Encounters.Identity identity, String quarter, Boolean ssoInvolved, String group, Map<String, String> answers,
                    ReviewForm.Rating rating, boolean synthetic) {
    }

    /** One published figure: a split (all, SSO involvement, an ethnic group), a measure, its count and share as published. */
    public record Figure(String split, String measure, String count, String share) {
    }

    /** One finding across splits, for a table of findings: each split's figure in the order asked. */
    public record Row(String measure, List<Figure> figures) {
    }

    /** The splits by Safer Schools Officer involvement, as a table's columns. */
    public static final List<String> BY_SSO = List.of("All encounters", "Safer Schools Officer involved", "No Safer Schools Officer");
    /** The splits by broad ethnic group (self-defined), as a table's columns. */
    public static final List<String> BY_GROUP = List.of("Asian", "Black", "Mixed", "Other", "White", "Ethnic group not stated");

    /** The figures as rows of findings with a column for each of {@code splits}. */
    public static List<Row> table(List<Figure> figures, List<String> splits) {
        List<Row> rows = new ArrayList<>();
        for (Measure m : Measure.values()) {
            List<Figure> across = splits.stream().map(split -> figures.stream()
                    .filter(f -> f.split().equals(split) && f.measure().equals(m.label())).findFirst()
                    .orElse(new Figure(split, m.label(), "–", ""))).toList();
            rows.add(new Row(m.label(), across));
        }
        return rows;
    }

    /** For the pages: the table of {@code figures} across {@code splits} ({@link #table}). */
    public List<Row> rows(List<Figure> figures, List<String> splits) {
        return table(figures, splits);
    }

    /** For the pages: the splits of a table, "sso" ({@link #BY_SSO}) or "group" ({@link #BY_GROUP}). */
    public List<String> splits(String which) {
        return "sso".equals(which) ? BY_SSO : BY_GROUP;
    }

    /** A published quarter: its figures, and those of every quarter published to date, each protected. */
    public record Published(long id, String quarter, List<Figure> figures, List<Figure> toDate, List<String> quartersToDate, int encounters,
                            boolean synthetic, OffsetDateTime publishedAt) {
    }

    static final String ALL = "All encounters";
    static final String SSO = "Safer Schools Officer involved";
    static final String NO_SSO = "No Safer Schools Officer";
    static final List<String> GROUPS = List.of("ASIAN", "BLACK", "MIXED", "OTHER", "WHITE");
    public static final String PERTURBED = "These figures have small changes to protect children, so totals may not add up.";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> ANSWERS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> STORED = new TypeReference<>() {
    };
    private static final PerturbationTable PTABLE = PerturbationTable.PUBLISHED;

    private final JdbcClient jdbc;
    private final Encounters encounters;
    private final AuditTrail auditTrail;

    ReviewFindings(JdbcClient jdbc, Encounters encounters, AuditTrail auditTrail) {
        this.jdbc = jdbc;
        this.encounters = encounters;
        this.auditTrail = auditTrail;
    }

    /** The quarter ("2025-Q3") of a day. */
    static String quarterOf(LocalDate day) {
        return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
    }

    /** Every encounter with a consensus (the latest, where one was reviewed in more than one session). */
    List<Reviewed> reviewed() {
        Map<Encounters.Identity, Reviewed> latest = new LinkedHashMap<>();
        List<Object[]> rows = jdbc.sql("""
                select e.force, e.record_key, e.power, c.answers, c.rating from bwv_consensus c
                join bwv_review_session s on s.id = c.session_id
                join bwv_sample_encounter e on e.sample_id = s.sample_id and e.position = c.position
                order by c.recorded_at, c.session_id""")
                .query((rs, n) -> new Object[] {new Encounters.Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3)),
                        rs.getString(4), rs.getString(5)}).list();
        Map<Encounters.Identity, Encounters.Encounter> held = new LinkedHashMap<>();
        encounters.of(rows.stream().map(r -> (Encounters.Identity) r[0]).distinct().toList()).forEach(e -> held.put(e.identity(), e));
        for (Object[] r : rows) {
            Encounters.Encounter e = held.get((Encounters.Identity) r[0]);
            if (e == null) {
                continue; // its record was removed since
            }
            latest.put(e.identity(), new Reviewed(e.identity(), quarterOf(e.occurredOn()), e.ssoInvolved(), e.ethnicGroup(),
                    JSON.readValue((String) r[1], ANSWERS), ReviewForm.Rating.valueOf((String) r[2]), e.synthetic()));
        }
        return List.copyOf(latest.values());
    }

    /** The splits of the findings, in order, each with who it is of. */
    static Map<String, Predicate<Reviewed>> splits() {
        Map<String, Predicate<Reviewed>> splits = new LinkedHashMap<>();
        splits.put(ALL, r -> true);
        splits.put(SSO, r -> Boolean.TRUE.equals(r.ssoInvolved()));
        splits.put(NO_SSO, r -> Boolean.FALSE.equals(r.ssoInvolved()));
        for (String g : GROUPS) {
            splits.put(g.charAt(0) + g.substring(1).toLowerCase(Locale.ROOT), r -> g.equals(r.group()));
        }
        splits.put("Ethnic group not stated", r -> r.group() == null || !GROUPS.contains(r.group()));
        return splits;
    }

    /**
     * The protected figures of these encounters: each count perturbed by its cell key, each share of published
     * counts. Refused when an encounter has no record key yet (its count could not be protected).
     */
    List<Figure> protect(List<Reviewed> reviewed) {
        Map<Encounters.Identity, Long> keys = encounters.recordKeys(reviewed.stream().map(Reviewed::identity).toList());
        if (keys.size() < reviewed.size()) {
            throw new IllegalArgumentException("Some encounters reviewed have no record key yet, so their counts cannot be protected: "
                    + "restart the application to give them one, then publish");
        }
        List<Figure> figures = new ArrayList<>();
        splits().forEach((split, of) -> {
            List<Reviewed> in = reviewed.stream().filter(of).toList();
            Map<Measure, Long> published = new LinkedHashMap<>();
            for (Measure m : Measure.values()) {
                List<Reviewed> counted = in.stream().filter(m::counts).toList();
                long key = PerturbationTable.cellKey(counted.stream().mapToLong(r -> keys.get(r.identity())).toArray());
                published.put(m, PTABLE.perturbed(counted.size(), key));
            }
            for (Measure m : Measure.values()) {
                Measure base = m.outOf();
                String share = "";
                if (base != null && published.get(base) >= 10) {
                    share = String.format(Locale.UK, "%.1f%%", 100.0 * Math.min(published.get(m), published.get(base)) / published.get(base));
                }
                figures.add(new Figure(split, m.label(), Long.toString(published.get(m)), share));
            }
        });
        return figures;
    }

    /** The secretariat publishes the findings of a calendar quarter of encounters ("2025-Q3"), once. */
    @Transactional
    public long publish(String quarter, Actor by) {
        if (!by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat publishes the findings of body-worn video reviews");
        }
        String q = quarter == null ? "" : quarter.strip().toUpperCase(Locale.ROOT);
        if (!q.matches("[0-9]{4}-Q[1-4]")) {
            throw new IllegalArgumentException("Choose a quarter, such as 2025-Q3");
        }
        if (jdbc.sql("select exists (select 1 from bwv_findings_publication where quarter = ?)").param(q).query(Boolean.class).single()) {
            throw new IllegalArgumentException("The findings of " + q + " are already published; they are not changed");
        }
        List<Reviewed> all = reviewed();
        List<Reviewed> ofQuarter = all.stream().filter(r -> r.quarter().equals(q)).toList();
        if (ofQuarter.isEmpty()) {
            throw new IllegalArgumentException("No encounter of " + q + " has a consensus yet: there is nothing to publish");
        }
        List<String> quarters = new ArrayList<>(jdbc.sql("select quarter from bwv_findings_publication order by quarter").query(String.class).list());
        quarters.add(q);
        quarters.sort(String::compareTo);
        List<Reviewed> toDate = all.stream().filter(r -> quarters.contains(r.quarter())).toList();
        List<Figure> figures = protect(ofQuarter);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("figures", figures);
        stored.put("to_date", protect(toDate));
        stored.put("quarters_to_date", quarters);
        boolean synthetic = toDate.stream().anyMatch(Reviewed::synthetic);
        long published = Long.parseLong(figures.get(0).count());
        long id = jdbc.sql("""
                insert into bwv_findings_publication (quarter, findings, encounters, synthetic, published_by)
                values (?, ?::jsonb, ?, ?, ?) returning id""")
                .params(q, JSON.writeValueAsString(stored), published, synthetic, by.name()).query(Long.class).single();
        auditTrail.record(by, "BWV_FINDINGS_PUBLISHED", "bwv-findings:" + id, null, q + ": " + published + " encounters reviewed (as published)");
        return id;
    }

    /** For the panel: the findings of every encounter with a consensus so far, protected as they would be published. */
    @Transactional(readOnly = true)
    public List<Figure> soFar(Actor who) {
        if (!Roles.panel(who)) {
            throw new SecurityException("The findings of reviews before publication are for the panel");
        }
        List<Reviewed> all = reviewed();
        return all.isEmpty() ? List.of() : protect(all);
    }

    /** The quarters with encounters that have a consensus but whose findings are not yet published. */
    @Transactional(readOnly = true)
    public List<String> publishable() {
        List<String> done = jdbc.sql("select quarter from bwv_findings_publication").query(String.class).list();
        return reviewed().stream().map(Reviewed::quarter).distinct().filter(q -> !done.contains(q)).sorted().toList();
    }

    /** Every publication of findings, the latest first: what anyone may see. */
    @Transactional(readOnly = true)
    public List<Published> published() {
        return jdbc.sql("select * from bwv_findings_publication order by quarter desc").query((rs, n) -> {
            Map<String, Object> stored = JSON.readValue(rs.getString("findings"), STORED);
            return new Published(rs.getLong("id"), rs.getString("quarter"), figures(stored.get("figures")), figures(stored.get("to_date")),
                    strings(stored.get("quarters_to_date")), rs.getInt("encounters"), rs.getBoolean("synthetic"),
                    rs.getObject("published_at", OffsetDateTime.class));
        }).list();
    }

    /**
     * The published quarters of encounters that overlap a period, the earliest first: what a publication of children over
     * that period carries beside its own figures. Each was published by the secretariat on its own date and never changes.
     */
    @Transactional(readOnly = true)
    public List<Published> overlapping(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            return List.of();
        }
        return published().stream().filter(p -> {
            LocalDate start = startOf(p.quarter());
            return !start.isAfter(to) && !start.plusMonths(3).minusDays(1).isBefore(from);
        }).sorted(java.util.Comparator.comparing(Published::quarter)).toList();
    }

    /** The first day of a quarter ("2025-Q3" is 1 July 2025). */
    static LocalDate startOf(String quarter) {
        return LocalDate.of(Integer.parseInt(quarter.substring(0, 4)), (Integer.parseInt(quarter.substring(6)) - 1) * 3 + 1, 1);
    }

    /** The latest publication of findings, if any. */
    @Transactional(readOnly = true)
    public Optional<Published> latest() {
        return published().stream().max(java.util.Comparator.comparing(Published::publishedAt).thenComparing(Published::id));
    }

    @SuppressWarnings("unchecked")
    private static List<Figure> figures(Object stored) {
        List<Figure> figures = new ArrayList<>();
        for (Object o : (List<Object>) stored) {
            Map<String, Object> f = (Map<String, Object>) o;
            figures.add(new Figure((String) f.get("split"), (String) f.get("measure"), (String) f.get("count"), (String) f.get("share")));
        }
        return figures;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object stored) {
        return ((List<Object>) stored).stream().map(Object::toString).toList();
    }

}
