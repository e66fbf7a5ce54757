package uk.saferschools.oversight.scrutiny;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.records.Encounters;

/**
 * Reviewers' words that may go public (issue 15, item 5): the rationale, learning points and good practice of a
 * consensus are never published unless the secretariat approves them. Before approval, {@link PersonalDetails}
 * checks them for names, dates of birth, ages with a description, addresses, postcodes, phone numbers, email
 * addresses, school names (from the imported schools) and record references (the panel's encounter
 * references among them); each finding must be redacted or accepted with a reason. Only the words of encounters
 * in a quarter whose findings are published are offered, and the decision is kept once, never changed.
 */
@Service
public class PublicWords {

    /** The fields of a consensus that may go public, with how the public pages name them. */
    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("rationale", "Rationale");
        FIELDS.put("learning", "Learning point");
        FIELDS.put("good_practice", "Good practice");
    }

    /** Words waiting for the secretariat, with what the check found in them. */
    public record Candidate(long sessionId, int position, String field, String fieldLabel, String quarter, String encounter, String text,
                            List<PersonalDetails.Finding> findings) {
    }

    /** What the secretariat decides for one finding: redact it, or accept it as written with a reason. */
    public record Decision(boolean redact, String reason) {
    }

    /** Approved words as published. */
    public record Published(String quarter, String fieldLabel, String text, OffsetDateTime decidedAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Encounters encounters;
    private final AuditTrail auditTrail;

    PublicWords(JdbcClient jdbc, Encounters encounters, AuditTrail auditTrail) {
        this.jdbc = jdbc;
        this.encounters = encounters;
        this.auditTrail = auditTrail;
    }

    /** The check, knowing the imported schools and every encounter reference the panel has seen. */
    PersonalDetails check() {
        List<String> references = jdbc.sql("select distinct record_key from bwv_sample_encounter").query(String.class).list().stream()
                .map(k -> Encounters.reference(k.strip())).toList();
        return new PersonalDetails(encounters.schoolNames(), references);
    }

    /** The words waiting for a decision: of consensus on encounters in a published quarter, not yet decided. */
    @Transactional(readOnly = true)
    public List<Candidate> waiting(Actor who) {
        requireSecretariat(who);
        Set<String> published = Set.copyOf(jdbc.sql("select quarter from bwv_findings_publication").query(String.class).list());
        PersonalDetails check = check();
        Set<String> decided = Set.copyOf(jdbc.sql("select session_id || '/' || position || '/' || field from bwv_public_words")
                .query(String.class).list());
        record Row(long sessionId, int position, Encounters.Identity identity, Map<String, String> texts) {
        }
        List<Row> rows = jdbc.sql("""
                select c.session_id, c.position, c.rationale, c.learning, c.good_practice, e.force, e.record_key, e.power
                from bwv_consensus c join bwv_review_session s on s.id = c.session_id
                join bwv_sample_encounter e on e.sample_id = s.sample_id and e.position = c.position
                order by c.session_id, c.position""").query((rs, n) -> {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String field : FIELDS.keySet()) {
                texts.put(field, rs.getString(field));
            }
            return new Row(rs.getLong("session_id"), rs.getInt("position"),
                    new Encounters.Identity(rs.getString("force"), rs.getString("record_key").strip(), rs.getString("power")), texts);
        }).list();
        Map<Encounters.Identity, Encounters.Encounter> held = held(rows.stream().map(Row::identity).toList());
        List<Candidate> waiting = new ArrayList<>();
        for (Row row : rows) {
            Encounters.Encounter encounter = held.get(row.identity());
            if (encounter == null || !published.contains(ReviewFindings.quarterOf(encounter.occurredOn()))) {
                continue;
            }
            String quarter = ReviewFindings.quarterOf(encounter.occurredOn());
            row.texts().forEach((field, text) -> {
                if (text != null && !text.isBlank() && !decided.contains(row.sessionId() + "/" + row.position() + "/" + field)) {
                    waiting.add(new Candidate(row.sessionId(), row.position(), field, FIELDS.get(field), quarter, encounter.reference(),
                            text, check.findIn(text)));
                }
            });
        }
        return waiting;
    }

    /**
     * The secretariat approves words for publication, with a decision for every finding of the check (by its
     * place in {@link Candidate#findings}), or keeps them out. Approved words are published redacted as decided.
     */
    @Transactional
    public void decide(long sessionId, int position, String field, boolean approve, Map<Integer, Decision> decisions, Actor by) {
        requireSecretariat(by);
        Candidate candidate = waiting(by).stream().filter(c -> c.sessionId() == sessionId && c.position() == position && c.field().equals(field))
                .findFirst().orElseThrow(() -> new NoSuchElementException("These words are not waiting for a decision"));
        List<Map<String, Object>> kept = new ArrayList<>();
        String published = "";
        if (approve) {
            List<PersonalDetails.Finding> redacted = new ArrayList<>();
            for (int i = 0; i < candidate.findings().size(); i++) {
                PersonalDetails.Finding f = candidate.findings().get(i);
                Decision d = decisions.get(i);
                if (d == null) {
                    throw new IllegalArgumentException("Redact or accept “" + f.text() + "” (" + f.reason() + ") before approving");
                }
                if (!d.redact() && (d.reason() == null || d.reason().isBlank())) {
                    throw new IllegalArgumentException("Give the reason for accepting “" + f.text() + "” as written");
                }
                if (d.redact()) {
                    redacted.add(f);
                }
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("kind", f.kind().name());
                record.put("text", f.text());
                record.put("decision", d.redact() ? "REDACTED" : "ACCEPTED");
                record.put("reason", d.redact() ? "" : d.reason().strip());
                kept.add(record);
            }
            published = PersonalDetails.redact(candidate.text(), redacted);
        }
        jdbc.sql("""
                insert into bwv_public_words (session_id, position, field, approved, published_text, decisions, decided_by)
                values (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(sessionId, position, field, approve, published, JSON.writeValueAsString(kept), by.name()).update();
        auditTrail.record(by, approve ? "BWV_WORDS_APPROVED" : "BWV_WORDS_KEPT_OUT", "bwv-session:" + sessionId + "/encounter:" + position
                + "/" + field, null, approve ? kept.size() + " findings decided" : "kept out");
    }

    /** The approved words, as published: only of encounters in a published quarter. */
    @Transactional(readOnly = true)
    public List<Published> published() {
        Set<String> quarters = Set.copyOf(jdbc.sql("select quarter from bwv_findings_publication").query(String.class).list());
        record Row(Encounters.Identity identity, String field, String text, OffsetDateTime decidedAt) {
        }
        List<Row> rows = jdbc.sql("""
                select w.field, w.published_text, w.decided_at, e.force, e.record_key, e.power from bwv_public_words w
                join bwv_review_session s on s.id = w.session_id
                join bwv_sample_encounter e on e.sample_id = s.sample_id and e.position = w.position
                where w.approved order by w.decided_at, w.id""").query((rs, n) -> new Row(new Encounters.Identity(rs.getString("force"),
                rs.getString("record_key").strip(), rs.getString("power")), rs.getString("field"), rs.getString("published_text"),
                rs.getObject("decided_at", OffsetDateTime.class))).list();
        Map<Encounters.Identity, Encounters.Encounter> held = held(rows.stream().map(Row::identity).toList());
        List<Published> words = new ArrayList<>();
        for (Row row : rows) {
            Encounters.Encounter encounter = held.get(row.identity());
            if (encounter != null && quarters.contains(ReviewFindings.quarterOf(encounter.occurredOn()))) {
                words.add(new Published(ReviewFindings.quarterOf(encounter.occurredOn()), FIELDS.get(row.field()), row.text(), row.decidedAt()));
            }
        }
        return words;
    }

    /** The encounters still held of those asked for, read in one query. */
    private Map<Encounters.Identity, Encounters.Encounter> held(List<Encounters.Identity> identities) {
        Map<Encounters.Identity, Encounters.Encounter> held = new HashMap<>();
        encounters.of(identities.stream().distinct().toList()).forEach(e -> held.put(e.identity(), e));
        return held;
    }

    private static void requireSecretariat(Actor who) {
        if (!who.holds(Role.SECRETARIAT.name())) {
            throw new SecurityException("Only the secretariat decides which of the reviewers' words are published");
        }
    }
}
