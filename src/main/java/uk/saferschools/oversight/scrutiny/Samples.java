package uk.saferschools.oversight.scrutiny;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.records.Encounters;

/**
 * Samples of encounters for body-worn video review (issue 15, item 1), drawn from our extended records.
 * <p>
 * A draw is reproducible: every encounter the filters admit is ranked by the SHA-256 of the seed and its
 * record's identity (force, keyed record hash, power), and the sample is the first {@code n}. The order depends
 * on nothing but the seed and the records, never on the database's row order, so the same seed and filters
 * draw the same encounters on any installation with the same records and hashing key, and an import that adds
 * no encounter the filters admit changes nothing. A record with no footage stays in: "no footage" is itself a
 * finding (a red rating). A targeted sample is drawn the same way from encounters chosen by what it targets
 * (officer teams rated amber or red before); its findings describe those encounters, not all.
 */
@Service
public class Samples {

    public enum Method {
        RANDOM("Random"), TARGETED("Targeted");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a sample is asked to be: its filters, and either a size or a percentage of what the filters admit. */
    public record Request(String title, Method method, Encounters.Filter filter, boolean teamsRatedAmberOrRed, Integer size,
                          Double percent, Long seed) {
    }

    /** A sample as drawn; {@code encounters} in the order drawn, those no longer held left out (see {@link #missing}). */
    public record Sample(long id, String title, Method method, long seed, JsonNode filters, Integer sizeRequested, Double percentRequested,
                         int population, String drawnBy, OffsetDateTime drawnAt, boolean demonstration,
                         List<Encounters.Identity> identities, List<Encounters.Encounter> encounters) {

        /** The encounter drawn at a position (1 upwards), or null when it is no longer held. */
        public Encounters.Encounter at(int position) {
            if (position < 1 || position > identities.size()) {
                return null;
            }
            Encounters.Identity identity = identities.get(position - 1);
            return encounters.stream().filter(e -> e.identity().equals(identity)).findFirst().orElse(null);
        }

        /** Encounters drawn but no longer held (their month was removed since). */
        public int missing() {
            return identities.size() - encounters.size();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Encounters encounters;
    private final AuditTrail auditTrail;
    private final int retentionDays;
    private final SecureRandom seeds = new SecureRandom();

    Samples(JdbcClient jdbc, Encounters encounters, AuditTrail auditTrail,
            @Value("${oversight.scrutiny.footage-retention-days:31}") int retentionDays) {
        this.jdbc = jdbc;
        this.encounters = encounters;
        this.auditTrail = auditTrail;
        this.retentionDays = retentionDays;
    }

    /** The footage retention period, in days: an encounter older than this when drawn may have no footage left. */
    public int retentionDays() {
        return retentionDays;
    }

    /** Whether the police may no longer hold the footage of an encounter drawn on {@code drawnOn}. */
    public boolean pastRetention(Encounters.Encounter encounter, LocalDate drawnOn) {
        return encounter.occurredOn().plusDays(retentionDays).isBefore(drawnOn);
    }

    /** The chair or the secretariat draws a sample; returns its id. */
    @Transactional
    public long draw(Request request, Actor by) {
        return draw(request, by, false);
    }

    /** The same, marked as demonstration data when {@code demonstration} (for the demonstration's own samples). */
    @Transactional
    long draw(Request request, Actor by, boolean demonstration) {
        if (!by.holds(Role.CHAIR.name()) && !by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the chair or the secretariat draws a sample for review");
        }
        if (request.title() == null || request.title().isBlank() || request.title().strip().length() > 200) {
            throw new EntryRefused("title", "Enter a title for the sample, 200 characters or fewer");
        }
        if ((request.size() == null) == (request.percent() == null)) {
            throw new EntryRefused("size", "Give either a number of encounters or a percentage, not both");
        }
        if (request.size() != null && (request.size() < 1 || request.size() > 500)) {
            throw new EntryRefused("size", "A sample is of 1 to 500 encounters");
        }
        if (request.percent() != null && !(request.percent() > 0 && request.percent() <= 100)) {
            throw new EntryRefused("size", "A percentage is more than 0 and at most 100");
        }
        Encounters.Filter filter = request.filter();
        Method method = request.method();
        if (request.teamsRatedAmberOrRed()) {
            filter = new Encounters.Filter(filter.from(), filter.to(), filter.borough(), filter.schoolUrn(), filter.ssoInvolved(),
                    filter.power(), filter.outcome(), filter.childrenOnly(), teamsRatedAmberOrRed());
            method = Method.TARGETED;
            if (filter.teams().isEmpty()) {
                throw new EntryRefused("method-targeted", "No officer team has an encounter rated amber or red yet: there is nothing to target");
            }
        }
        long seed = request.seed() != null ? request.seed() : seeds.nextLong() & Long.MAX_VALUE;
        List<Encounters.Identity> population = encounters.matching(filter);
        if (population.isEmpty()) {
            throw new EntryRefused("from", "No encounter matches these filters: widen them and draw again");
        }
        int n = request.size() != null ? Math.min(request.size(), population.size())
                : (int) Math.ceil(request.percent() / 100 * population.size());
        List<Encounters.Identity> drawn = draw(population, seed, n);
        Map<String, Object> filters = filters(filter, request.teamsRatedAmberOrRed());
        long id = jdbc.sql("""
                        insert into bwv_sample (title, method, seed, filters, size_requested, percent_requested, population, drawn_by,
                            demonstration)
                        values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning id""")
                .params(request.title().strip(), method.name(), seed, JSON.writeValueAsString(filters), request.size(), request.percent(),
                        population.size(), by.name(), demonstration).query(Long.class).single();
        for (int i = 0; i < drawn.size(); i++) {
            Encounters.Identity e = drawn.get(i);
            jdbc.sql("insert into bwv_sample_encounter (sample_id, position, force, record_key, power) values (?, ?, ?, ?, ?)")
                    .params(id, i + 1, e.force(), e.recordKey(), e.power()).update();
        }
        auditTrail.record(by, "BWV_SAMPLE_DRAWN", "bwv-sample:" + id, null, method.name() + " sample of " + drawn.size() + " from "
                + population.size() + ", seed " + seed + ", filters " + JSON.writeValueAsString(filters));
        return id;
    }

    /**
     * The {@code n} encounters of {@code population} first by the SHA-256 of the seed and their identity: the
     * same whatever order the population comes in.
     */
    static List<Encounters.Identity> draw(List<Encounters.Identity> population, long seed, int n) {
        Map<Encounters.Identity, String> rank = new LinkedHashMap<>();
        for (Encounters.Identity e : population) {
            rank.put(e, rank(seed, e));
        }
        return population.stream().sorted(Comparator.comparing(rank::get)).limit(n).toList();
    }

    static String rank(long seed, Encounters.Identity e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((seed + "|" + e.force() + "|" + e.recordKey() + "|" + e.power()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The officer teams with an encounter whose consensus was amber or red. */
    private Set<String> teamsRatedAmberOrRed() {
        List<Encounters.Identity> rated = jdbc.sql("""
                select e.force, e.record_key, e.power from bwv_consensus c
                join bwv_review_session s on s.id = c.session_id
                join bwv_sample_encounter e on e.sample_id = s.sample_id and e.position = c.position
                where c.rating in ('AMBER', 'RED')""")
                .query((rs, n) -> new Encounters.Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3))).list();
        return new TreeSet<>(encounters.teamsOf(rated));
    }

    private static Map<String, Object> filters(Encounters.Filter f, boolean targeted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", f.from() == null ? null : f.from().toString());
        m.put("to", f.to() == null ? null : f.to().toString());
        m.put("borough", f.borough());
        m.put("school_urn", f.schoolUrn());
        m.put("sso_involved", f.ssoInvolved());
        m.put("power", f.power());
        m.put("outcome", f.outcome());
        m.put("children_only", f.childrenOnly());
        m.put("teams_rated_amber_or_red", targeted);
        m.put("teams", f.teams() == null ? List.of() : List.copyOf(new TreeSet<>(f.teams())));
        return m;
    }

    /** Every sample, newest first, without its encounters. */
    @Transactional(readOnly = true)
    public List<Sample> all(Actor who) {
        requirePanel(who);
        return jdbc.sql("select id from bwv_sample order by drawn_at desc, id desc").query(Long.class).list().stream()
                .map(id -> byId(id, who, false)).toList();
    }

    @Transactional(readOnly = true)
    public Sample byId(long id, Actor who) {
        return byId(id, who, true);
    }

    private Sample byId(long id, Actor who, boolean withEncounters) {
        requirePanel(who);
        List<Encounters.Identity> identities = jdbc.sql("select force, record_key, power from bwv_sample_encounter where sample_id = ? "
                        + "order by position").param(id)
                .query((rs, n) -> new Encounters.Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3))).list();
        List<Encounters.Encounter> held = withEncounters ? encounters.of(identities) : List.of();
        return jdbc.sql("select * from bwv_sample where id = ?").param(id).query((rs, n) -> new Sample(rs.getLong("id"),
                rs.getString("title"), Method.valueOf(rs.getString("method")), rs.getLong("seed"), JSON.readTree(rs.getString("filters")),
                (Integer) rs.getObject("size_requested"), rs.getObject("percent_requested") == null ? null : rs.getDouble("percent_requested"),
                rs.getInt("population"), rs.getString("drawn_by"), rs.getObject("drawn_at", OffsetDateTime.class),
                rs.getBoolean("demonstration"), identities, held)).optional().orElseThrow(NoSuchElementException::new);
    }

    /** The encounter at a position of a sample (1 upwards). */
    Encounters.Identity at(long sampleId, int position) {
        return jdbc.sql("select force, record_key, power from bwv_sample_encounter where sample_id = ? and position = ?")
                .params(sampleId, position)
                .query((rs, n) -> new Encounters.Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3))).optional()
                .orElseThrow(NoSuchElementException::new);
    }

    /**
     * The encounter at a position of a sample, as reviewers see it, read alone; null when its month was removed since the
     * draw. Thrown {@link NoSuchElementException} when the sample has no such position.
     */
    @Transactional(readOnly = true)
    public Encounters.Encounter encounterAt(long sampleId, int position, Actor who) {
        requirePanel(who);
        List<Encounters.Encounter> held = encounters.of(List.of(at(sampleId, position)));
        return held.isEmpty() ? null : held.get(0);
    }

    private static void requirePanel(Actor who) {
        if (!Roles.panel(who)) {
            throw new SecurityException("Body-worn video reviews are for the panel");
        }
    }
}
