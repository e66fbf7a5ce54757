package uk.saferschools.oversight.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends to, reads and verifies the audit trail. Entries are only ever added: the database refuses
 * updates and deletes, and the hash chain shows any change made around that refusal.
 */
@Service
public class AuditTrail {

    /** Serialises appends so that sequence numbers and the chain stay in order across nodes. */
    private static final long APPEND_LOCK = 0x5A_4A_55_44_49_54L;
    private static final int SUMMARY_LIMIT = 500;

    private final JdbcClient jdbc;
    /** Reads the chain through a cursor, a thousand rows at a time. */
    private final JdbcTemplate streaming;

    AuditTrail(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
    }

    /** Records what the signed-in user (or an anonymous visitor) did. */
    @Transactional
    public AuditEntry record(String action, String subject, String before, String after) {
        return record(Actor.current(), action, subject, before, after);
    }

    /**
     * Records what someone did. Joins the caller's transaction, so that an action that is rolled back
     * leaves no entry claiming it happened.
     */
    @Transactional
    public AuditEntry record(Actor actor, String action, String subject, String before, String after) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(APPEND_LOCK).query().singleRow();
        record Head(long sequenceNo, String hash) {
        }
        Head head = jdbc.sql("select sequence_no, entry_hash from audit_entry order by sequence_no desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional().orElse(new Head(0, AuditEntry.GENESIS_HASH));
        long sequenceNo = head.sequenceNo() + 1;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String shortBefore = shorten(before);
        String shortAfter = shorten(after);
        String hash = AuditEntry.computeHash(sequenceNo, now, actor.name(), actor.roles(), action, subject,
                shortBefore, shortAfter, head.hash());
        jdbc.sql("""
                insert into audit_entry (sequence_no, occurred_at, actor, actor_roles, action, subject,
                                         before_summary, after_summary, previous_hash, entry_hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(sequenceNo, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), actor.name(), actor.roles(), action,
                        subject, shortBefore, shortAfter, head.hash(), hash)
                .update();
        return new AuditEntry(sequenceNo, now, actor.name(), actor.roles(), action, subject, shortBefore, shortAfter,
                head.hash(), hash);
    }

    private static String shorten(String summary) {
        if (summary == null || summary.length() <= SUMMARY_LIMIT) {
            return summary;
        }
        return summary.substring(0, SUMMARY_LIMIT - 1) + "…";
    }

    /**
     * The sequence number of the latest entry: every change the product makes is recorded, so this
     * changes whenever anything might have (caches of published content use it as their version).
     */
    @Transactional(readOnly = true)
    public long head() {
        return jdbc.sql("select coalesce(max(sequence_no), 0) from audit_entry").query(Long.class).single();
    }

    /**
     * When the latest entry was recorded, if there is one: every change the product makes is recorded,
     * so nothing has changed since (public responses give it as their Last-Modified time).
     */
    @Transactional(readOnly = true)
    public Optional<Instant> latestEntryAt() {
        return jdbc.sql("select occurred_at from audit_entry order by sequence_no desc limit 1")
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    /**
     * One kind of entry to look for: an action, and, when {@code afterStartsWith} is not empty, only
     * the entries of that action whose after-summary starts with it (e.g. a status change to one state).
     */
    public record Kind(String action, String afterStartsWith) {

        public static Kind of(String action) {
            return new Kind(action, "");
        }
    }

    /** An entry's place in the trail and when it was recorded. */
    public record Mark(long sequenceNo, Instant occurredAt) {
    }

    /**
     * The latest entry of any of these kinds, if there is one: for "when did this kind of change last
     * happen", which the rest of the trail (sign-ins, drafts, imports) does not move. One statement, so it needs
     * no transaction of its own (it joins the caller's, if any): the public version is read on every public
     * request, and a transaction would add a BEGIN and a COMMIT to it.
     */
    public Optional<Mark> latestOf(List<Kind> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        for (Kind kind : kinds) {
            where.append(where.isEmpty() ? "" : " or ").append("(action = ? and starts_with(coalesce(after_summary, ''), ?))");
            params.add(kind.action());
            params.add(kind.afterStartsWith() == null ? "" : kind.afterStartsWith());
        }
        // "sequence_no + 0" keeps the planner on the action index: walking the primary key back from the head
        // would read every later entry of other kinds, however many (a flood of failed sign-ins, say)
        return jdbc.sql("select sequence_no, occurred_at from audit_entry where sequence_no = "
                        + "(select max(sequence_no + 0) from audit_entry where " + where + ")")
                .params(params)
                .query((rs, n) -> new Mark(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant())).optional();
    }

    /**
     * Reads the whole chain in order and reports the first entry that was altered, inserted or
     * removed. Streams the entries, so a long trail does not have to fit in memory.
     */
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        var walk = new Object() {
            long checked;
            long expectedSequence = 1;
            String previousHash = AuditEntry.GENESIS_HASH;
            AuditEntry previous;
            ChainVerification.Break firstBreak;
        };
        streaming.query("select * from audit_entry order by sequence_no", rs -> {
            if (walk.firstBreak != null) {
                return;
            }
            AuditEntry entry = map(rs);
            walk.checked++;
            if (!entry.contentMatchesHash()) {
                walk.firstBreak = new ChainVerification.Break(ChainVerification.Kind.ALTERED, entry.sequenceNo(),
                        entry.describe() + " was altered: its contents no longer match its hash.");
            } else if (entry.sequenceNo() != walk.expectedSequence) {
                String missing = entry.sequenceNo() - walk.expectedSequence == 1
                        ? "entry " + walk.expectedSequence + " is"
                        : "entries " + walk.expectedSequence + " to " + (entry.sequenceNo() - 1) + " are";
                walk.firstBreak = new ChainVerification.Break(ChainVerification.Kind.REMOVED, walk.expectedSequence,
                        missing + " missing: removed from before " + entry.describe() + ".");
            } else if (!entry.previousHash().equals(walk.previousHash)) {
                walk.firstBreak = new ChainVerification.Break(ChainVerification.Kind.INSERTED, entry.sequenceNo(),
                        entry.describe() + " does not carry the hash of "
                                + (walk.previous == null ? "the start of the trail" : walk.previous.describe())
                                + ": it was inserted, or the entries were reordered or rewritten from here.");
            }
            walk.expectedSequence = entry.sequenceNo() + 1;
            walk.previousHash = entry.entryHash();
            walk.previous = entry;
        });
        return new ChainVerification(walk.checked, Optional.ofNullable(walk.firstBreak), walk.previousHash);
    }

    /** One page of entries, newest first, matching the filter. */
    @Transactional(readOnly = true)
    public AuditPage find(AuditFilter filter, int page, int pageSize) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (filter.actor() != null && !filter.actor().isBlank()) {
            where.append(" and lower(actor) = lower(?)");
            params.add(filter.actor().trim());
        }
        if (filter.action() != null && !filter.action().isBlank()) {
            where.append(" and action = ?");
            params.add(filter.action().trim());
        }
        if (filter.subject() != null && !filter.subject().isBlank()) {
            where.append(" and subject ilike ? escape '\\'");
            params.add("%" + filter.subject().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (filter.from() != null) {
            where.append(" and occurred_at >= ?");
            params.add(OffsetDateTime.of(filter.from().atStartOfDay(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            where.append(" and occurred_at < ?");
            params.add(OffsetDateTime.of(filter.to().plusDays(1).atStartOfDay(), ZoneOffset.UTC));
        }
        long total = jdbc.sql("select count(*) from audit_entry" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(pageSize);
        pageParams.add((long) Math.max(0, page - 1) * pageSize);
        List<AuditEntry> entries = jdbc.sql("select * from audit_entry" + where
                        + " order by sequence_no desc limit ? offset ?")
                .params(pageParams).query((rs, n) -> map(rs)).list();
        return new AuditPage(entries, total, Math.max(1, page), pageSize);
    }

    /** The actions recorded so far, for the filter's choices. */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.sql("select distinct action from audit_entry order by action").query(String.class).list();
    }

    private static AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("sequence_no"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("actor_roles"), rs.getString("action"), rs.getString("subject"),
                rs.getString("before_summary"), rs.getString("after_summary"), rs.getString("previous_hash"),
                rs.getString("entry_hash"));
    }
}
