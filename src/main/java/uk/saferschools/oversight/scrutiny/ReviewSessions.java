package uk.saferschools.oversight.scrutiny;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Recipients;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.identity.Roles;

/**
 * Review sessions of body-worn video (issue 15, item 2). Each member present scores each encounter alone; no
 * one sees another's score of an encounter until they have submitted their own of it (the chair, and anyone
 * not present, until every member present has submitted). Then the chair records the consensus, and the
 * spread of the individual scores is kept beside it. Scores and consensus are never changed (append-only in
 * the database). Every reading of scores, every score and every consensus goes into the audit trail.
 */
@Service
public class ReviewSessions {

    public record Session(long id, long sampleId, LocalDate heldOn, String title, List<String> members, boolean demonstration) {
    }

    public record Score(String member, Map<String, String> answers, ReviewForm.Rating rating, String rationale, String learning,
                        String goodPractice, OffsetDateTime submittedAt) {
    }

    public record Consensus(Map<String, String> answers, ReviewForm.Rating rating, String rationale, String learning, String goodPractice,
                            Map<String, Object> spread, String recordedBy) {
    }

    /** Where an encounter of a session stands, as {@code who} may know it: how many have scored, not what. */
    public record Standing(int position, int submitted, int present, boolean ownSubmitted, boolean consensus) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> ANSWERS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> SPREAD = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Recipients recipients;
    private final Samples samples;

    ReviewSessions(JdbcClient jdbc, AuditTrail auditTrail, Recipients recipients, Samples samples) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.recipients = recipients;
        this.samples = samples;
    }

    /** The chair or the secretariat sets up a session over a sample, with the members present. */
    @Transactional
    public long create(long sampleId, LocalDate heldOn, String title, List<String> members, Actor by) {
        return create(sampleId, heldOn, title, members, by, false);
    }

    /** The same, marked as demonstration data when {@code demonstration}. */
    @Transactional
    long create(long sampleId, LocalDate heldOn, String title, List<String> members, Actor by, boolean demonstration) {
        if (!Roles.chair(by) && !by.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the chair or the secretariat sets up a review session");
        }
        samples.byId(sampleId, by);
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new EntryRefused("session-title", "Enter a title for the session, 200 characters or fewer");
        }
        if (heldOn == null) {
            throw new EntryRefused("held-on", "Enter the date of the session, such as 2027-03-12");
        }
        Set<String> eligible = recipients.withAnyRole(EnumSet.of(Role.PANEL_MEMBER, Role.CHAIR)).stream()
                .map(Recipients.Recipient::username).collect(Collectors.toSet());
        List<String> present = members.stream().map(String::strip).filter(m -> !m.isEmpty()).distinct().toList();
        if (present.isEmpty()) {
            throw new EntryRefused("members", "Choose the members present");
        }
        for (String m : present) {
            if (!eligible.contains(m)) {
                throw new EntryRefused("members", m + " is not a member of the panel: only members and the chair score encounters");
            }
        }
        long id = jdbc.sql("insert into bwv_review_session (sample_id, held_on, title, created_by, demonstration) "
                        + "values (?, ?, ?, ?, ?) returning id")
                .params(sampleId, heldOn, title.strip(), by.name(), demonstration).query(Long.class).single();
        present.forEach(m -> jdbc.sql("insert into bwv_session_member (session_id, member) values (?, ?)").params(id, m).update());
        auditTrail.record(by, "BWV_SESSION_CREATED", "bwv-session:" + id, null, "sample " + sampleId + ", members " + String.join(", ", present));
        return id;
    }

    /** Every session, newest first. */
    @Transactional(readOnly = true)
    public List<Session> all(Actor who) {
        requirePanel(who);
        return jdbc.sql("select id from bwv_review_session order by held_on desc, id desc").query(Long.class).list().stream()
                .map(id -> session(id, who)).toList();
    }

    @Transactional(readOnly = true)
    public Session session(long id, Actor who) {
        requirePanel(who);
        List<String> members = jdbc.sql("select member from bwv_session_member where session_id = ? order by member").param(id)
                .query(String.class).list();
        return jdbc.sql("select * from bwv_review_session where id = ?").param(id)
                .query((rs, n) -> new Session(rs.getLong("id"), rs.getLong("sample_id"), rs.getObject("held_on", LocalDate.class),
                        rs.getString("title"), members, rs.getBoolean("demonstration"))).optional()
                .orElseThrow(NoSuchElementException::new);
    }

    /** A member present submits their own score of an encounter, once. Returns the rating kept (red with no footage). */
    @Transactional
    public ReviewForm.Rating submit(long sessionId, int position, Map<String, String> answers, ReviewForm.Rating rating, String rationale,
                                    String learning, String goodPractice, Actor by) {
        Session session = session(sessionId, by);
        if (!Roles.member(by) || !session.members().contains(by.name())) {
            throw new SecurityException("Only a member present at the session scores its encounters");
        }
        samples.at(session.sampleId(), position);
        Map<String, String> checked = ReviewForm.checked(answers);
        if (rating == null) {
            throw new EntryRefused("rating", "Choose an overall rating: red, amber or green");
        }
        if (rationale == null || rationale.isBlank()) {
            throw new EntryRefused("rationale", "Give the rationale for the rating");
        }
        if (submitted(sessionId, position, by.name())) {
            throw new EntryRefused("rating", "You have already submitted your score of this encounter; it is not changed");
        }
        ReviewForm.Rating kept = ReviewForm.rating(checked, rating);
        jdbc.sql("""
                insert into bwv_score (session_id, position, member, answers, rating, rationale, learning, good_practice)
                values (?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
                .params(sessionId, position, by.name(), JSON.writeValueAsString(checked), kept.name(), rationale.strip(),
                        nullToEmpty(learning), nullToEmpty(goodPractice)).update();
        auditTrail.record(by, "BWV_SCORE_SUBMITTED", "bwv-session:" + sessionId + "/encounter:" + position, null, kept.name());
        return kept;
    }

    /**
     * The scores of an encounter that {@code who} may see: every member present's once {@code who} has submitted
     * their own, or (the chair, and anyone not present) once every member present has; none before.
     */
    @Transactional
    public List<Score> scores(long sessionId, int position, Actor who) {
        Session session = session(sessionId, who);
        if (!maySeeScores(session, position, who)) {
            return List.of();
        }
        List<Score> scores = jdbc.sql("select * from bwv_score where session_id = ? and position = ? order by member")
                .params(sessionId, position)
                .query((rs, n) -> new Score(rs.getString("member"), JSON.readValue(rs.getString("answers"), ANSWERS),
                        ReviewForm.Rating.valueOf(rs.getString("rating")), rs.getString("rationale"), rs.getString("learning"),
                        rs.getString("good_practice"), rs.getObject("submitted_at", OffsetDateTime.class))).list();
        auditTrail.record(who, "BWV_SCORES_VIEWED", "bwv-session:" + sessionId + "/encounter:" + position, null, scores.size() + " scores");
        return scores;
    }

    /** Records that {@code who} opened the review of an encounter (its page): every view of a review is audited. */
    @Transactional
    public void viewed(long sessionId, int position, Actor who) {
        session(sessionId, who);
        auditTrail.record(who, "BWV_REVIEW_VIEWED", "bwv-session:" + sessionId + "/encounter:" + position, null, null);
    }

    /** Whether {@code who} may see the scores of an encounter now. */
    boolean maySeeScores(Session session, int position, Actor who) {
        boolean present = session.members().contains(who.name()) && Roles.member(who);
        if (present && !Roles.chair(who)) {
            return submitted(session.id(), position, who.name());
        }
        // the chair (present or not) and the secretariat: once everyone present has submitted, and the chair
        // only after submitting their own when present
        return (!present || submitted(session.id(), position, who.name())) && allSubmitted(session, position);
    }

    /** Where each encounter of a session stands: how many have submitted, and whether {@code who} has. */
    @Transactional(readOnly = true)
    public List<Standing> standing(long sessionId, Actor who) {
        Session session = session(sessionId, who);
        int size = jdbc.sql("select count(*) from bwv_sample_encounter where sample_id = ?").param(session.sampleId())
                .query(Integer.class).single();
        Map<Integer, Integer> counts = new TreeMap<>();
        jdbc.sql("select position, count(*) from bwv_score where session_id = ? group by position").param(sessionId)
                .query((rs, n) -> counts.put(rs.getInt(1), rs.getInt(2))).list();
        Set<Integer> own = Set.copyOf(jdbc.sql("select position from bwv_score where session_id = ? and member = ?")
                .params(sessionId, who.name()).query(Integer.class).list());
        Set<Integer> agreed = Set.copyOf(jdbc.sql("select position from bwv_consensus where session_id = ?").param(sessionId)
                .query(Integer.class).list());
        return java.util.stream.IntStream.rangeClosed(1, size).mapToObj(p -> new Standing(p, counts.getOrDefault(p, 0),
                session.members().size(), own.contains(p), agreed.contains(p))).toList();
    }

    /** The chair records the consensus of an encounter once every member present has submitted. */
    @Transactional
    public ReviewForm.Rating agree(long sessionId, int position, Map<String, String> answers, ReviewForm.Rating rating, String rationale,
                                   String learning, String goodPractice, Actor by) {
        Session session = session(sessionId, by);
        if (!Roles.chair(by)) {
            throw new SecurityException("Only the chair records the consensus");
        }
        if (!allSubmitted(session, position)) {
            throw new EntryRefused("rating", "Every member present must submit their own score of this encounter before the consensus");
        }
        if (jdbc.sql("select exists (select 1 from bwv_consensus where session_id = ? and position = ?)").params(sessionId, position)
                .query(Boolean.class).single()) {
            throw new EntryRefused("rating", "The consensus of this encounter is already recorded; it is not changed");
        }
        Map<String, String> checked = ReviewForm.checked(answers);
        if (rating == null || rationale == null || rationale.isBlank()) {
            throw new EntryRefused("rating", "Give the consensus rating and its rationale");
        }
        ReviewForm.Rating kept = ReviewForm.rating(checked, rating);
        Map<String, Object> spread = spread(sessionId, position);
        jdbc.sql("""
                insert into bwv_consensus (session_id, position, answers, rating, rationale, learning, good_practice, spread, recorded_by)
                values (?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(sessionId, position, JSON.writeValueAsString(checked), kept.name(), rationale.strip(), nullToEmpty(learning),
                        nullToEmpty(goodPractice), JSON.writeValueAsString(spread), by.name()).update();
        auditTrail.record(by, "BWV_CONSENSUS_RECORDED", "bwv-session:" + sessionId + "/encounter:" + position, null, kept.name());
        return kept;
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Consensus> consensus(long sessionId, int position, Actor who) {
        session(sessionId, who);
        return jdbc.sql("select * from bwv_consensus where session_id = ? and position = ?").params(sessionId, position)
                .query((rs, n) -> new Consensus(JSON.readValue(rs.getString("answers"), ANSWERS), ReviewForm.Rating.valueOf(rs.getString("rating")),
                        rs.getString("rationale"), rs.getString("learning"), rs.getString("good_practice"),
                        JSON.readValue(rs.getString("spread"), SPREAD), rs.getString("recorded_by"))).optional();
    }

    /** The spread of the members' scores: how many gave each rating, and each answer's values where they differed. */
    private Map<String, Object> spread(long sessionId, int position) {
        Map<String, Object> spread = new LinkedHashMap<>();
        Map<String, Integer> ratings = new LinkedHashMap<>();
        for (ReviewForm.Rating r : ReviewForm.Rating.values()) {
            ratings.put(r.name(), 0);
        }
        Map<String, Map<String, Integer>> answers = new TreeMap<>();
        jdbc.sql("select answers, rating from bwv_score where session_id = ? and position = ?").params(sessionId, position)
                .query((rs, n) -> {
                    ratings.merge(rs.getString("rating"), 1, Integer::sum);
                    JSON.readValue(rs.getString("answers"), ANSWERS).forEach((k, v) ->
                            answers.computeIfAbsent(k, x -> new TreeMap<>()).merge(v, 1, Integer::sum));
                    return null;
                }).list();
        spread.put("ratings", ratings);
        Map<String, Map<String, Integer>> differed = new TreeMap<>();
        answers.forEach((k, v) -> {
            if (v.size() > 1) {
                differed.put(k, v);
            }
        });
        spread.put("answers_that_differed", differed);
        return spread;
    }

    private boolean submitted(long sessionId, int position, String member) {
        return jdbc.sql("select exists (select 1 from bwv_score where session_id = ? and position = ? and member = ?)")
                .params(sessionId, position, member).query(Boolean.class).single();
    }

    private boolean allSubmitted(Session session, int position) {
        int n = jdbc.sql("select count(*) from bwv_score where session_id = ? and position = ?").params(session.id(), position)
                .query(Integer.class).single();
        return n == session.members().size();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    private static void requirePanel(Actor who) {
        if (!Roles.panel(who)) {
            throw new SecurityException("Body-worn video reviews are for the panel");
        }
    }
}
