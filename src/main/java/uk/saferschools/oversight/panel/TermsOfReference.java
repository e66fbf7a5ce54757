package uk.saferschools.oversight.panel;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;

/**
 * The panel's terms of reference as numbered versions of fixed sections. A version moves draft →
 * consultation (members and the police liaison comment on sections) → approved (by the chair; the
 * approved version before it is superseded). Each edit of a section is a new revision, never an
 * overwrite. Drafts are the panel's; a version out for consultation is seen by the police liaison
 * too; approved and superseded versions are public, and until one is approved the public page says so
 * with the date of the latest draft.
 */
@Service
public class TermsOfReference {

    /** The sections every version has, in order. */
    public enum Section {
        PURPOSE("Purpose"), SCOPE("Scope"), MEMBERSHIP("Membership"), CHAIR("Chair"), QUORUM("Quorum"),
        FREQUENCY("Frequency of meetings"), INDEPENDENCE("Independence"), CONFIDENTIALITY("Confidentiality"),
        DATA_ACCESS("Access to data"), PUBLICATION("Publication"), REVIEW_DATE("Review date");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum State {
        DRAFT("Draft"), CONSULTATION("Out for consultation"), APPROVED("Approved"), SUPERSEDED("Superseded");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A section's text. {@code writtenBy} and {@code writtenAt}: the last edit of this section itself, in
     * {@code writtenIn} (an earlier version when the text was carried over unchanged), so that each section
     * is credited to whoever last wrote it, not to whoever started the version.
     */
    public record SectionText(Section section, int revision, String body, String writtenBy, Instant writtenAt, int writtenIn) {
    }

    public record Comment(Section section, String body, String writtenBy, Instant writtenAt) {
    }

    /**
     * One version as a viewer may see it. {@code revision} counts every edit of its sections so far, so
     * it grows with each change of its text: the chair approves the revision they read.
     */
    public record Version(long id, int number, State state, Instant createdAt, Instant lastChangedAt, String approvedBy,
                          Instant approvedAt, boolean demonstration, List<SectionText> sections, List<Comment> comments,
                          int revision) {
    }

    /** One section compared between two versions: its lines, with deletions and insertions marked up as HTML. */
    public record SectionDifference(Section section, boolean changed, List<String> lines) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Notifications notifications;

    TermsOfReference(JdbcClient jdbc, AuditTrail auditTrail, Notifications notifications) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.notifications = notifications;
    }

    /** Starts the next version as a draft, from the text of the latest version; returns its number. */
    @Transactional
    public int startDraft(Actor by) {
        PanelRoles.require(Roles.chair(by) || Roles.secretariat(by), "start a new version of the terms of reference");
        if (jdbc.sql("select exists (select 1 from tor_version where state in ('DRAFT', 'CONSULTATION'))").query(Boolean.class).single()) {
            throw new IllegalArgumentException("A version is already being drafted or consulted on: finish it first");
        }
        Optional<Long> latest = jdbc.sql("select id from tor_version order by number desc limit 1").query(Long.class).optional();
        int number = jdbc.sql("select coalesce(max(number), 0) + 1 from tor_version").query(Integer.class).single();
        long id = jdbc.sql("insert into tor_version (number, state, created_by) values (?, 'DRAFT', ?) returning id")
                .params(number, by.name()).query(Long.class).single();
        for (Section section : Section.values()) {
            String body = latest.map(previous -> current(previous, section).body()).orElse("");
            jdbc.sql("insert into tor_section (version_id, section, revision, body, written_by) values (?, ?, 1, ?, ?)")
                    .params(id, section.name(), body, by.name()).update();
        }
        auditTrail.record(by, "TOR_DRAFT_STARTED", "terms-of-reference:" + number, null, "version " + number);
        return number;
    }

    /** A member or the secretariat rewrites a section of the draft: a new revision (no check of what was read). */
    @Transactional
    public void editSection(int number, Section section, String body, Actor by) {
        editSection(number, section, body, null, by);
    }

    /**
     * A member or the secretariat rewrites a section of the draft, starting from revision {@code revisionRead}
     * of that section (the one their form showed): a new revision. If someone else saved the section since,
     * nothing is saved ({@link ChangedSinceOpenedException}), so that two people editing the same section
     * at once never silently replace each other's words. {@code null}: the caller read no revision.
     */
    @Transactional
    public void editSection(int number, Section section, String body, Integer revisionRead, Actor by) {
        PanelRoles.require(Roles.member(by) || Roles.secretariat(by), "write the terms of reference");
        if (section == null) {
            throw new IllegalArgumentException("Choose a section");
        }
        if (body == null || body.strip().length() > 20_000) {
            throw new IllegalArgumentException("Keep the section to 20,000 characters or fewer");
        }
        // versionIn locks the version's row, so two edits of it are taken one after the other
        long id = versionIn(number, State.DRAFT, "edited");
        SectionText now = current(id, section);
        if (revisionRead != null && revisionRead != now.revision()) {
            throw ChangedSinceOpenedException.edited(section.label() + " in version " + number, "revision", revisionRead,
                    now.revision());
        }
        if (now.body().equals(body.strip())) {
            return;
        }
        jdbc.sql("insert into tor_section (version_id, section, revision, body, written_by) values (?, ?, ?, ?, ?)")
                .params(id, section.name(), now.revision() + 1, body.strip(), by.name()).update();
        auditTrail.record(by, "TOR_SECTION_EDITED", "terms-of-reference:" + number, section.name() + " revision "
                + now.revision(), "revision " + (now.revision() + 1));
    }

    @Transactional
    public void openConsultation(int number, Actor by) {
        PanelRoles.require(Roles.chair(by) || Roles.secretariat(by), "open a consultation");
        move(number, State.DRAFT, State.CONSULTATION, by);
        notifications.tell(Notifications.POLICE, "Version " + number + " of the terms of reference is out for consultation: "
                + "you can comment on each section", "/panel/terms-of-reference/" + number, by.name());
    }

    /** Back to a draft after consultation, to take comments in. */
    @Transactional
    public void reopenDraft(int number, Actor by) {
        PanelRoles.require(Roles.chair(by) || Roles.secretariat(by), "reopen the draft");
        move(number, State.CONSULTATION, State.DRAFT, by);
    }

    /** During consultation: members, the secretariat and the police liaison comment on a section, in their own words. */
    @Transactional
    public void comment(int number, Section section, String body, Actor by) {
        PanelRoles.require(Roles.panel(by) || Roles.police(by), "comment on the terms of reference");
        if (section == null) {
            throw new IllegalArgumentException("Choose the section the comment is about");
        }
        if (body == null || body.isBlank() || body.strip().length() > 5_000) {
            throw new IllegalArgumentException("Enter the comment, 5,000 characters or fewer");
        }
        long id = versionIn(number, State.CONSULTATION, "commented on");
        jdbc.sql("insert into tor_comment (version_id, section, body, written_by) values (?, ?, ?, ?)")
                .params(id, section.name(), body.strip(), by.name()).update();
        auditTrail.record(by, "TOR_COMMENTED", "terms-of-reference:" + number, null, section.name());
        // the chair hears in the commenter's role, as the comment shows it to the police (never record-level data)
        notifications.tell(Notifications.CHAIR, Roles.acting(by) + " commented on " + section.label()
                + " in version " + number + " of the terms of reference", "/panel/terms-of-reference/" + number, by.name());
    }

    /**
     * The chair approves a version out for consultation, at the revision of its text the chair read: if it
     * was taken back to a draft and edited since, nothing is approved. The approved version before it is
     * superseded.
     */
    @Transactional
    public void approve(int number, int revisionRead, Actor by) {
        PanelRoles.require(Roles.chair(by), "approve the terms of reference");
        long id = versionIn(number, State.CONSULTATION, "approved");
        int latest = revision(id);
        if (latest != revisionRead) {
            throw new ChangedSinceOpenedException("version " + number + " of the terms of reference", "revision", revisionRead,
                    latest);
        }
        jdbc.sql("update tor_version set state = 'SUPERSEDED' where state = 'APPROVED'").update();
        jdbc.sql("update tor_version set state = 'APPROVED', approved_by = ?, approved_at = now() where id = ?")
                .params(by.name(), id).update();
        auditTrail.record(by, "TOR_APPROVED", "terms-of-reference:" + number, State.CONSULTATION.name(),
                State.APPROVED.name() + " (revision " + latest + ")");
    }

    /** The versions the viewer may see, newest first. */
    @Transactional(readOnly = true)
    public List<Version> versions(Actor viewer) {
        return jdbc.sql("select number from tor_version order by number desc").query(Integer.class).list().stream()
                .map(n -> version(n, viewer)).flatMap(Optional::stream).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Version> version(int number, Actor viewer) {
        record Row(long id, State state, Instant createdAt, String approvedBy, Instant approvedAt, boolean demonstration) {
        }
        Optional<Row> row = jdbc.sql("select * from tor_version where number = ?").param(number)
                .query((rs, n) -> new Row(rs.getLong("id"), State.valueOf(rs.getString("state")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getString("approved_by"),
                        rs.getObject("approved_at", OffsetDateTime.class) == null ? null
                                : rs.getObject("approved_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("demonstration"))).optional();
        if (row.isEmpty() || !visible(row.get().state(), viewer)) {
            return Optional.empty();
        }
        long id = row.get().id();
        boolean panel = Roles.panel(viewer);
        List<SectionText> current = Arrays.stream(Section.values()).map(s -> current(id, s)).toList();
        Instant lastChanged = current.stream().map(SectionText::writtenAt).max(Instant::compareTo).orElse(row.get().createdAt());
        List<SectionText> sections = Arrays.stream(Section.values()).map(s -> credited(number, s)).toList();
        // outside the panel: sections written by "the panel" (not which member, nor after how many revisions), comments by role
        List<Comment> comments = panel || Roles.police(viewer)
                ? jdbc.sql("""
                        select c.section, c.body, c.written_by, c.written_at,
                               exists (select 1 from account a join account_role r on r.account_id = a.id
                                       where lower(a.username) = lower(c.written_by) and r.role = 'POLICE_LIAISON') as by_police
                        from tor_comment c where c.version_id = ? order by c.id""").param(id)
                        .query((rs, n) -> new Comment(Section.valueOf(rs.getString("section")), rs.getString("body"),
                                panel ? byRole(rs.getString("written_by")) : rs.getBoolean("by_police") ? "Police liaison" : "Panel",
                                rs.getObject("written_at", OffsetDateTime.class).toInstant())).list()
                : List.of();
        if (!panel) {
            sections = sections.stream().map(s -> new SectionText(s.section(), 0, s.body(), "the panel", s.writtenAt(), 0)).toList();
        } else {
            sections = sections.stream().map(s -> new SectionText(s.section(), s.revision(), s.body(), byRole(s.writtenBy()),
                    s.writtenAt(), s.writtenIn())).toList();
        }
        return Optional.of(new Version(id, number, row.get().state(), row.get().createdAt(), lastChanged,
                panel ? row.get().approvedBy() : null, row.get().approvedAt(), row.get().demonstration(), sections, comments,
                panel ? revision(id) : 0));
    }

    /** The approved version, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Version> approved() {
        return jdbc.sql("select number from tor_version where state = 'APPROVED'").query(Integer.class).optional()
                .flatMap(n -> version(n, Actor.ANONYMOUS));
    }

    /** For the public notice while nothing is approved: the latest draft's number and when it last changed. */
    @Transactional(readOnly = true)
    public Optional<Version> latestInProgress() {
        return jdbc.sql("select number from tor_version where state in ('DRAFT', 'CONSULTATION')").query(Integer.class).optional()
                .flatMap(n -> version(n, new Actor("system", "SECRETARIAT")));
    }

    /** Section by section, what changed from version {@code from} to version {@code to}. */
    @Transactional(readOnly = true)
    public List<SectionDifference> difference(int from, int to, Actor viewer) {
        Version a = version(from, viewer).orElseThrow(() -> new NoSuchElementException("No version " + from));
        Version b = version(to, viewer).orElseThrow(() -> new NoSuchElementException("No version " + to));
        DiffRowGenerator generator = DiffRowGenerator.create().showInlineDiffs(true).inlineDiffByWord(true)
                .mergeOriginalRevised(true).lineNormalizer(TermsOfReference::escape)
                .oldTag(start -> start ? "<del>" : "</del>").newTag(start -> start ? "<ins>" : "</ins>").build();
        List<SectionDifference> differences = new ArrayList<>();
        for (int i = 0; i < Section.values().length; i++) {
            String before = a.sections().get(i).body();
            String after = b.sections().get(i).body();
            List<DiffRow> rows = generator.generateDiffRows(List.of(before.split("\n", -1)), List.of(after.split("\n", -1)));
            differences.add(new SectionDifference(Section.values()[i], !before.equals(after),
                    rows.stream().map(DiffRow::getOldLine).map(TermsOfReference::readable).toList()));
        }
        return differences;
    }

    private static final String DELETED_START = "<del><span class=\"govuk-visually-hidden\"> [deleted: </span>";
    private static final String INSERTED_START = "<ins><span class=\"govuk-visually-hidden\"> [inserted: </span>";
    private static final String CHANGE_END = "<span class=\"govuk-visually-hidden\">] </span>";

    /**
     * A line of the word-by-word difference made readable as text, as a screen reader or a copy and paste
     * has it, not only as struck-through and underlined words: changes separated only by spaces are one
     * change, spaces at a change's edges move outside it, a deletion and the insertion after it are apart,
     * and each change starts "[deleted: " or "[inserted: " and ends "]" in visually hidden text, spaced from
     * the words around it (hidden spaces: what is seen stays as written). The line is already HTML-escaped,
     * so its only tags are the generator's {@code <del>} and {@code <ins>}.
     */
    static String readable(String line) {
        String merged = line.replaceAll("</del>(\\s+)<del>", "$1").replaceAll("</ins>(\\s+)<ins>", "$1");
        String trimmed = merged.replaceAll("(\\s+)</(del|ins)>", "</$2>$1").replaceAll("<(del|ins)>(\\s+)", "$2<$1>")
                .replace("<del></del>", "").replace("<ins></ins>", "");
        return trimmed.replace("</del><ins>", "</del> <ins>")
                .replace("<del>", DELETED_START).replace("<ins>", INSERTED_START)
                .replace("</del>", CHANGE_END + "</del>").replace("</ins>", CHANGE_END + "</ins>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static boolean visible(State state, Actor viewer) {
        return switch (state) {
            case APPROVED, SUPERSEDED -> true;
            case CONSULTATION -> Roles.panel(viewer) || Roles.police(viewer);
            case DRAFT -> Roles.panel(viewer);
        };
    }

    /** How many times the sections of a version were written: one more with every edit. */
    private int revision(long versionId) {
        return jdbc.sql("select count(*) from tor_section where version_id = ?").param(versionId).query(Integer.class).single();
    }

    private SectionText current(long versionId, Section section) {
        return jdbc.sql("select v.number, s.revision, s.body, s.written_by, s.written_at from tor_section s "
                + "join tor_version v on v.id = s.version_id where s.version_id = ? and s.section = ? "
                + "order by s.revision desc limit 1").params(versionId, section.name())
                .query((rs, n) -> new SectionText(section, rs.getInt("revision"), rs.getString("body"), rs.getString("written_by"),
                        rs.getObject("written_at", OffsetDateTime.class).toInstant(), rs.getInt("number"))).single();
    }

    /**
     * A section of version {@code number} credited to its last real edit: a new version starts as a copy of
     * the one before (revision 1, by whoever started it), so a section still unchanged since the copy is
     * credited to the edit it was copied from, in whichever earlier version that was.
     */
    private SectionText credited(int number, Section section) {
        SectionText text = current(idOf(number), section);
        Optional<Integer> before = jdbc.sql("select max(number) from tor_version where number < ?").param(number)
                .query(Integer.class).optional().filter(Objects::nonNull);
        if (text.revision() == 1 && before.isPresent() && current(idOf(before.get()), section).body().equals(text.body())) {
            SectionText earlier = credited(before.get(), section);
            return new SectionText(section, text.revision(), text.body(), earlier.writtenBy(), earlier.writtenAt(),
                    earlier.writtenIn());
        }
        return text;
    }

    private long idOf(int number) {
        return jdbc.sql("select id from tor_version where number = ?").param(number).query(Long.class).single();
    }

    /** As the panel sees who wrote something: the role, then the username, as on recommendation timelines. */
    private String byRole(String username) {
        String roles = jdbc.sql("""
                select coalesce(string_agg(r.role, ','), '') from account a join account_role r on r.account_id = a.id
                where lower(a.username) = lower(?) and r.revoked_at is null""").param(username).query(String.class).single();
        String role = Roles.acting(new Actor(username, roles));
        return "System".equals(role) ? username : role + " (" + username + ")";
    }

    private long versionIn(int number, State state, String what) {
        record Row(long id, State state) {
        }
        Row row = jdbc.sql("select id, state from tor_version where number = ? for update").param(number)
                .query((rs, n) -> new Row(rs.getLong("id"), State.valueOf(rs.getString("state")))).optional()
                .orElseThrow(() -> new NoSuchElementException("No version " + number));
        if (row.state() != state) {
            throw new IllegalArgumentException("Version " + number + " is " + row.state().label().toLowerCase(Locale.UK)
                    + ": it cannot be " + what + " now");
        }
        return row.id();
    }

    private void move(int number, State from, State to, Actor by) {
        long id = versionIn(number, from, to == State.CONSULTATION ? "put out for consultation" : "taken back to a draft");
        jdbc.sql("update tor_version set state = ? where id = ?").params(to.name(), id).update();
        auditTrail.record(by, "TOR_" + to.name(), "terms-of-reference:" + number, from.name(), to.name());
    }
}
