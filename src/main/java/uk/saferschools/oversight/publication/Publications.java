package uk.saferschools.oversight.publication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import uk.saferschools.oversight.analysis.AnalysisSnapshots;
import uk.saferschools.oversight.analysis.SnapshotFindings;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.web.LondonTime;

/**
 * What the public sees of the analyses: snapshots the secretariat has published, and only their
 * force-area figures by ethnic group, disclosure-controlled (counts 1 to 4 withheld as [c] with
 * secondary suppression; no rate or ratio on fewer than 10 events; 10 to 19 marked unstable). The
 * publication schedule says what will be published when, and what came late.
 */
@Service
public class Publications {

    public record Publication(long id, long snapshotId, String title, String summary, String settings, LocalDate periodFrom,
                              LocalDate periodTo, Instant publishedAt, boolean demonstration) {

        private static final Pattern FORCE_IN_SETTINGS = Pattern.compile("force ([a-z-]+)");

        /**
         * Who the figures are about, in plain words: "Children aged 10 to 17; ethnicity as the person searched
         * described it; compared with White children; with figures for each London borough".
         */
        public String who() {
            boolean children = settings.startsWith("children");
            List<String> parts = new ArrayList<>();
            for (String part : settings.split("[,;]\\s*")) {
                parts.add(switch (part) {
                    case "children" -> "Children (under 18)"; // kept before the ages were chosen: 0 to 17
                    case "all ages" -> "People of all ages";
                    case "self-defined ethnicity" -> "ethnicity as the person searched described it";
                    case "officer-defined ethnicity" -> "ethnicity as the officer recorded it";
                    case "by borough" -> "with figures for each London borough";
                    default -> part.startsWith("reference ") ? "compared with " + part.substring("reference ".length())
                            + (children ? " children" : " people")
                            : part.startsWith("children aged ") ? "Children" + part.substring("children".length())
                            : part.startsWith("force ") ? "recorded by the " + force(part.substring("force ".length())) : part;
                });
            }
            return String.join("; ", parts);
        }

        /**
         * The police force whose records the figures are of; an analysis kept before the force was recorded was
         * of the Metropolitan Police's, the only force the product then analysed.
         */
        public String forceName() {
            return force(forceId(settings));
        }

        /**
         * The police.uk force id in an analysis's settings ("…; force metropolitan"); "metropolitan" for one
         * kept before the force was recorded.
         */
        static String forceId(String settings) {
            Matcher m = FORCE_IN_SETTINGS.matcher(settings);
            return m.find() ? m.group(1) : "metropolitan";
        }

        /** A police.uk force's name as the public knows it. */
        private static String force(String id) {
            return switch (id) {
                case "metropolitan" -> "Metropolitan Police";
                case "city-of-london" -> "City of London Police";
                default -> id;
            };
        }
    }

    /** One group's published figures: text as shown, so that withheld values are never sent at all. */
    public record Figure(String areaCode, String group, String events, String population, String ratePer1000, String rateRatio,
                         String ciLower, String ciUpper, String reliability, Double ratio, Double lower, Double upper) {
    }

    public record ScheduleItem(long id, String title, String description, LocalDate dueOn, LocalDate publishedOn,
                               Long publicationId, boolean demonstration) {
        public boolean late() {
            return publishedOn != null ? publishedOn.isAfter(dueOn) : dueOn.isBefore(LocalDate.now(LondonTime.LONDON));
        }
    }

    private final JdbcClient jdbc;
    /** A transaction of its own, for recording the joint protection of an older publication while it is read. */
    private final TransactionTemplate recordingApart;
    private final AuditTrail auditTrail;
    private final AnalysisSnapshots snapshots;
    private final ApplicationEventPublisher events;

    Publications(JdbcClient jdbc, AuditTrail auditTrail, AnalysisSnapshots snapshots, ApplicationEventPublisher events,
                 PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.recordingApart = new TransactionTemplate(transactions);
        this.recordingApart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.auditTrail = auditTrail;
        this.snapshots = snapshots;
        this.events = events;
    }

    /**
     * The secretariat publishes a kept analysis, once; optionally fulfilling an item of the schedule. Only an
     * analysis of a fixed reporting period is published ({@link ReportingPeriods}), and it is protected together
     * with every earlier publication over the same records ({@link JointProtection}): further figures of it are
     * withheld until nothing withheld in any of them can be worked out from all of them, and it is refused,
     * naming the publication and table that would be opened, when that cannot be done (ADR 0010).
     */
    @Transactional
    public long publish(long snapshotId, String title, String summary, Long scheduleId, Actor by) {
        if (!by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat publishes");
        }
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(snapshotId)
                .orElseThrow(() -> new IllegalArgumentException("There is no analysis " + snapshotId));
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("Enter a title for the publication, 200 characters or fewer");
        }
        if (summary == null || summary.isBlank() || summary.strip().length() > 5_000) {
            throw new IllegalArgumentException("Enter a plain-English summary, 5,000 characters or fewer");
        }
        if (jdbc.sql("select exists (select 1 from publication where analysis_snapshot_id = ?)").param(snapshotId)
                .query(Boolean.class).single()) {
            throw new IllegalArgumentException("This analysis is already published");
        }
        requireOneNamedForce(snapshot);
        ReportingPeriods.whyNotPublishable(snapshot.periodFrom(), snapshot.periodTo()).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        if (scheduleId != null && schedule().stream().noneMatch(s -> s.id() == scheduleId && s.publicationId() == null)) {
            throw new IllegalArgumentException("That item of the schedule is already done, or does not exist: choose another");
        }
        JointlyProtected joint = protectJointly(snapshot, title.strip());
        long id = jdbc.sql("insert into publication (analysis_snapshot_id, title, summary, published_by, demonstration) "
                        + "values (?, ?, ?, ?, ?) returning id")
                .params(snapshotId, title.strip(), summary.strip(), by.name(), snapshot.demonstration()).query(Long.class).single();
        if (scheduleId != null) {
            jdbc.sql("update publication_schedule set publication_id = ?, published_on = ? where id = ? and publication_id is null")
                    .params(id, LocalDate.now(LondonTime.LONDON), scheduleId).update();
        }
        record(id, joint);
        alsoWithheld.put(key(id, snapshotId), joint.alsoWithheld());
        auditTrail.record(by, "ANALYSIS_PUBLISHED", "publication:" + id, null, "analysis:" + snapshotId + " " + title.strip()
                + (joint.with().isEmpty() ? "" : " (protected jointly with publication " + joint.with().stream()
                .map(p -> Long.toString(p.id())).collect(Collectors.joining(", ")) + ": " + joint.alsoWithheld().size()
                + " further figures withheld)"));
        events.publishEvent(new AnalysisPublished(id, snapshotId, title.strip(), by));
        return id;
    }

    /**
     * A publication is of one named police force (ADR 0010): its counts, trend and chain are that force's
     * records only. An analysis kept without naming its force cannot say whose records it counted.
     */
    private static void requireOneNamedForce(AnalysisSnapshots.Snapshot snapshot) {
        String force = snapshot.findings().force();
        if (force == null || force.isBlank()) {
            throw new IllegalArgumentException("This analysis does not name the police force whose records it counted, "
                    + "and a publication is of one named force. Run the analysis again, choosing the force, and publish that.");
        }
    }

    /**
     * The publications a kept analysis would be protected together with if it were published now: those of
     * fixed periods that share records with it, directly or through one another, as {@link #publish} chooses
     * them ({@link JointProtection#overlapping}); for the publish form to name them.
     */
    @Transactional(readOnly = true)
    public List<Publication> protectedWith(long snapshotId) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(snapshotId).orElseThrow();
        return earlierThan(snapshot, snapshot.title(), p -> true).with();
    }

    /**
     * The secretariat records that a publication fulfils an item of the schedule, which /schedule then
     * shows as done on the day it was published.
     */
    @Transactional
    public void fulfil(long scheduleId, long publicationId, Actor by) {
        if (!by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat keeps the publication schedule");
        }
        Publication publication = byId(publicationId)
                .orElseThrow(() -> new IllegalArgumentException("There is no publication " + publicationId));
        if (jdbc.sql("select exists (select 1 from publication_schedule where publication_id = ?)").param(publicationId)
                .query(Boolean.class).single()) {
            throw new IllegalArgumentException("“" + publication.title() + "” already fulfils an item of the schedule");
        }
        int updated = jdbc.sql("update publication_schedule set publication_id = ?, published_on = ? where id = ? and publication_id is null")
                .params(publicationId, publication.publishedAt().atZone(LondonTime.LONDON).toLocalDate(), scheduleId).update();
        if (updated != 1) {
            throw new IllegalArgumentException("That item of the schedule is already done, or does not exist: choose another");
        }
        auditTrail.record(by, "PUBLICATION_SCHEDULE_FULFILLED", "schedule:" + scheduleId, null, "publication:" + publicationId);
    }

    /** The secretariat says what will be published and by when. */
    @Transactional
    public long schedule(String title, String description, LocalDate dueOn, Actor by) {
        if (!by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat keeps the publication schedule");
        }
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("Enter what will be published, 200 characters or fewer");
        }
        if (dueOn == null) {
            throw new IllegalArgumentException("Enter the date it will be published by");
        }
        long id = jdbc.sql("insert into publication_schedule (title, description, due_on, created_by) values (?, ?, ?, ?) returning id")
                .params(title.strip(), description == null ? "" : description.strip(), dueOn, by.name()).query(Long.class).single();
        auditTrail.record(by, "PUBLICATION_SCHEDULED", "schedule:" + id, null, title.strip() + " by " + dueOn);
        return id;
    }

    private static final String PUBLISHED = """
            select p.*, s.settings, s.period_from, s.period_to from publication p
            join analysis_snapshot s on s.id = p.analysis_snapshot_id""";

    @Transactional(readOnly = true)
    public List<Publication> published() {
        return jdbc.sql(PUBLISHED + " order by p.published_at desc, p.id desc").query(Publications::publication).list();
    }

    @Transactional(readOnly = true)
    public Optional<Publication> byId(long id) {
        return jdbc.sql(PUBLISHED + " where p.id = ?").param(id).query(Publications::publication).optional();
    }

    private static Publication publication(ResultSet rs, int row) throws SQLException {
        return new Publication(rs.getLong("id"), rs.getLong("analysis_snapshot_id"), rs.getString("title"),
                rs.getString("summary"), rs.getString("settings"), rs.getObject("period_from", LocalDate.class),
                rs.getObject("period_to", LocalDate.class), rs.getObject("published_at", OffsetDateTime.class).toInstant(),
                rs.getBoolean("demonstration"));
    }

    /** The latest publication of children's figures, for the dashboard. */
    public Optional<Publication> latestForChildren() {
        return published().stream().filter(p -> p.settings().startsWith("children")).findFirst();
    }

    @Transactional(readOnly = true)
    public List<ScheduleItem> schedule() {
        return jdbc.sql("select * from publication_schedule order by due_on, id")
                .query((rs, n) -> new ScheduleItem(rs.getLong("id"), rs.getString("title"), rs.getString("description"),
                        rs.getObject("due_on", LocalDate.class), rs.getObject("published_on", LocalDate.class),
                        (Long) rs.getObject("publication_id", Long.class), rs.getBoolean("demonstration"))).list();
    }

    /**
     * The force-area figures of a publication, by group, disclosure-controlled together with its boroughs
     * ({@link PublishedTables}): a rate, ratio or interval is shown only for a group whose count is shown and
     * reaches 10.
     */
    public List<Figure> figures(Publication publication) {
        return tables(publication).figures();
    }

    /**
     * Every public table of a publication: figures, boroughs, decision points, strip searches, SSOs; protected
     * together with the publications before it over the same records.
     */
    @Transactional(readOnly = true)
    PublishedTables tables(Publication publication) {
        AnalysisSnapshots.Snapshot snapshot = snapshots.byId(publication.snapshotId()).orElseThrow();
        return tables(snapshot, alsoWithheld(publication, snapshot));
    }

    /** The tables of a kept analysis, withholding as well the figures named. */
    private PublishedTables tables(AnalysisSnapshots.Snapshot snapshot, Set<String> withheldAsWell) {
        return tables(snapshot, snapshot.findings(), withheldAsWell);
    }

    /** The same, from its findings read once by the caller (joint protection makes the tables again and again). */
    private PublishedTables tables(AnalysisSnapshots.Snapshot snapshot, SnapshotFindings findings, Set<String> withheldAsWell) {
        // for an analysis that did not record its months: those police.uk records were held for when it was made
        Supplier<List<YearMonth>> imported = () -> jdbc.sql("""
                select distinct month from import_batch
                where kind = 'POLICE_UK' and status in ('ACTIVE', 'SUPERSEDED') and month between ? and ? and finished_at <= ?""")
                .params(snapshot.periodFrom(), snapshot.periodTo(),
                        OffsetDateTime.ofInstant(snapshot.createdAt(), ZoneOffset.UTC))
                .query(LocalDate.class).list().stream().map(YearMonth::from).toList();
        return PublishedTables.of(findings, snapshot.periodFrom(), snapshot.periodTo(), imported, withheldAsWell);
    }

    /**
     * The figures withheld from each publication for joint protection, by {@link #key}: read from
     * {@code publication_joint_protection}, where they are recorded when the publication is made (V22).
     */
    private final Map<String, Set<String>> alsoWithheld = new ConcurrentHashMap<>();

    private static String key(long publicationId, long snapshotId) {
        return publicationId + "/" + snapshotId;
    }

    /** Records what joint protection withheld from a publication, once: the row is never changed. */
    private void record(long publicationId, JointlyProtected joint) {
        jdbc.sql("insert into publication_joint_protection (publication_id, also_withheld, protected_with) values (?, ?, ?) "
                        + "on conflict (publication_id) do nothing")
                .params(publicationId, joint.alsoWithheld().stream().sorted().toArray(String[]::new),
                        joint.with().stream().map(Publication::id).toArray(Long[]::new)).update();
    }

    /**
     * What joint protection withholds from a publication already out: as recorded when it was made. One made
     * before the record was kept (V22) has it worked out from the publications before it, as it was when it
     * was first read after that, and recorded then (publications are never changed or removed, so the history
     * before one never changes).
     */
    private Set<String> alsoWithheld(Publication publication, AnalysisSnapshots.Snapshot snapshot) {
        Set<String> known = alsoWithheld.get(key(publication.id(), snapshot.id()));
        if (known != null) {
            return known;
        }
        Set<String> recorded = jdbc.sql("select also_withheld from publication_joint_protection where publication_id = ?")
                .param(publication.id()).query((rs, n) -> Set.of((String[]) rs.getArray(1).getArray())).optional().orElse(null);
        if (recorded == null) {
            JointlyProtected worked = !ofAFixedPeriod(publication)
                    ? new JointlyProtected(List.of(), Set.of()) // published before fixed periods, under the rule of its day (ADR 0010)
                    : jointly(snapshot, publication.title(), p -> p.id() < publication.id(), false);
            // read in a read-only transaction: recorded in one of its own
            recordingApart.executeWithoutResult(status -> record(publication.id(), worked));
            recorded = worked.alsoWithheld();
        }
        alsoWithheld.put(key(publication.id(), snapshot.id()), recorded);
        return recorded;
    }

    /**
     * Whether a publication is of a fixed reporting period, and so protected jointly with the others of fixed
     * periods; one published before fixed periods is left as it was published.
     */
    private static boolean ofAFixedPeriod(Publication p) {
        return ReportingPeriods.whyNotPublishable(p.periodFrom(), p.periodTo()).isEmpty();
    }

    /** The earlier publications a new one is protected with, and what is withheld from it as well. */
    private record JointlyProtected(List<Publication> with, Set<String> alsoWithheld) {
    }

    /** Joint protection of a new publication with everything already published; a refusal when it cannot be done. */
    private JointlyProtected protectJointly(AnalysisSnapshots.Snapshot snapshot, String title) {
        return jointly(snapshot, title, p -> true, true);
    }

    /** The publications before ({@code before}) that a kept analysis shares records with, for joint protection. */
    private JointlyProtected earlierThan(AnalysisSnapshots.Snapshot snapshot, String title, Predicate<Publication> before) {
        if (snapshot.periodFrom() == null || snapshot.periodTo() == null) {
            return new JointlyProtected(List.of(), Set.of()); // no period, no publication (ReportingPeriods refuses it)
        }
        JointProtection.Published candidate = new JointProtection.Published(Long.MAX_VALUE, title, snapshot.settings(), snapshot.periodFrom(),
                snapshot.periodTo(), null);
        Map<JointProtection.Published, Publication> earlier = new LinkedHashMap<>();
        published().stream().filter(before).sorted(Comparator.comparingLong(Publication::id))
                .filter(Publications::ofAFixedPeriod)
                .forEach(p -> earlier.put(new JointProtection.Published(p.id(), p.title(), p.settings(), p.periodFrom(), p.periodTo(), null), p));
        return new JointlyProtected(JointProtection.overlapping(List.copyOf(earlier.keySet()), candidate).stream().map(earlier::get).toList(),
                Set.of());
    }

    private JointlyProtected jointly(AnalysisSnapshots.Snapshot snapshot, String title, Predicate<Publication> before, boolean refuse) {
        List<Publication> with = earlierThan(snapshot, title, before).with();
        if (with.isEmpty()) {
            return new JointlyProtected(List.of(), Set.of());
        }
        List<JointProtection.Published> history = with.stream().map(p -> new JointProtection.Published(p.id(), p.title(), p.settings(),
                p.periodFrom(), p.periodTo(), tables(p))).toList();
        SnapshotFindings findings = snapshot.findings();
        Set<String> withheld = JointProtection.protect(history, new JointProtection.Published(Long.MAX_VALUE, title, snapshot.settings(),
                snapshot.periodFrom(), snapshot.periodTo(), tables(snapshot, findings, Set.of())),
                extra -> tables(snapshot, findings, extra), refuse);
        return new JointlyProtected(with, Set.copyOf(withheld));
    }

    /** The monthly trend of a publication, as {@link PublishedTables#trend} publishes it. */
    public List<SnapshotFindings.TrendPoint> trend(Publication publication) {
        return tables(publication).trend(publication.periodFrom(), publication.periodTo());
    }
}
