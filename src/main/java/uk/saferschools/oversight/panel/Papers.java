package uk.saferschools.oversight.panel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.DatabaseTrouble;
import uk.saferschools.oversight.web.DiskFullException;

/**
 * Papers for meetings and evidence for review items: PDF, Word (DOCX), Excel (XLSX) or CSV, checked by
 * their content as well as their name, up to a configured size, kept in the database. The panel sees
 * every paper; a paper is public only once the secretariat marks it so.
 */
@Service
public class Papers {

    /** The kinds of paper accepted, with the content type they are served as. */
    enum Kind {
        PDF("pdf", "application/pdf"),
        DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        CSV("csv", "text/csv; charset=utf-8");

        final String extension;
        final String contentType;

        Kind(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }
    }

    public record Paper(long id, String title, String fileName, String contentType, int sizeBytes, boolean isPublic,
                        Long meetingId, String uploadedBy, Instant uploadedAt, boolean demonstration, Long agendaItemId) {
    }

    private final JdbcClient jdbc;
    private final AuditTrail auditTrail;
    private final Notifications notifications;
    private final long maxBytes;

    Papers(JdbcClient jdbc, AuditTrail auditTrail, Notifications notifications,
           @Value("${oversight.panel.max-paper-size:20MB}") DataSize maxSize) {
        this.jdbc = jdbc;
        this.auditTrail = auditTrail;
        this.notifications = notifications;
        this.maxBytes = maxSize.toBytes();
    }

    /**
     * Adds a paper, to a meeting or not, and to one item of that meeting's agenda or not; returns its id. The declared size is checked before the file is
     * opened, and the file is then read only up to the limit, so an oversized upload is refused without
     * ever being held in memory whole (a client can declare a size smaller than what it sends).
     */
    @Transactional
    public long add(String title, String fileName, long declaredSize, InputStreamSource file, Long meetingId,
                    Long agendaItemId, Actor by) {
        PanelRoles.require(Roles.member(by) || Roles.secretariat(by), "add papers");
        requireTitle(title);
        String item = agendaItemId == null ? null : agendaItem(meetingId, agendaItemId);
        String name = name(fileName);
        if (file == null || declaredSize <= 0) {
            throw new IllegalArgumentException("Choose a file: " + (name.isEmpty() ? "none was sent" : name + " is empty"));
        }
        if (declaredSize > maxBytes) {
            throw tooBig(name, declaredSize);
        }
        byte[] content;
        try (InputStream in = file.getInputStream()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new IllegalArgumentException("The file could not be read: send it again");
        }
        if (content.length > maxBytes) {
            throw tooBig(name, content.length);
        }
        try {
            return add(title, name, content, meetingId, agendaItemId, item, by);
        } catch (DataAccessException e) {
            if (DatabaseTrouble.isDiskFull(e)) {
                // the transaction (paper, audit entry, notice) is rolled back whole
                throw new DiskFullException("The server's disk is full, so the paper “" + title.strip() + "” (" + name
                        + ") was not saved. Try again later, or tell the administrator.", e);
            }
            throw e;
        }
    }

    /** How the audit trail names an agenda item of the meeting, such as "item 2, Strip searches"; refused if not of it. */
    private String agendaItem(Long meetingId, long agendaItemId) {
        return jdbc.sql("select position, title from agenda_item where id = ? and meeting_id = ?").params(agendaItemId, meetingId)
                .query((rs, n) -> "item " + rs.getInt("position") + ", " + rs.getString("title")).optional()
                .orElseThrow(() -> new IllegalArgumentException("Choose an item of this meeting's agenda, or none"));
    }

    private long add(String title, String name, byte[] content, Long meetingId, Long agendaItemId, String item, Actor by) {
        if (content.length == 0) {
            throw new IllegalArgumentException("Choose a file: " + (name.isEmpty() ? "none was sent" : name + " is empty"));
        }
        Kind kind = kindOf(name, content);
        long id = jdbc.sql("""
                insert into paper (title, file_name, content_type, size_bytes, sha256, content, meeting_id, agenda_item_id, uploaded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(title.strip(), name, kind.contentType, content.length, sha256(content), content, meetingId, agendaItemId,
                        by.name())
                .query(Long.class).single();
        auditTrail.record(by, "PAPER_ADDED", "paper:" + id, null, title.strip() + " (" + name + ", " + content.length + " bytes)");
        if (item != null) {
            auditTrail.record(by, "PAPER_ATTACHED_TO_AGENDA_ITEM", "paper:" + id, null, "meeting:" + meetingId + ", agenda " + item);
        }
        String meeting = meetingId == null ? null
                : jdbc.sql("select title from meeting where id = ?").param(meetingId).query(String.class).single();
        notifications.tell(Notifications.PANEL, "New paper" + (meeting == null ? "" : " for " + meeting)
                        + ": " + title.strip(),
                meetingId == null ? "/panel/papers/" + id : "/panel/meetings/" + meetingId, by.name());
        return id;
    }

    private static void requireTitle(String title) {
        if (title == null || title.isBlank() || title.strip().length() > 200) {
            throw new IllegalArgumentException("Enter a title for the paper, 200 characters or fewer");
        }
    }

    private static String name(String fileName) {
        return fileName == null ? "" : fileName.replaceAll("[\\\\/]", "_").strip();
    }

    private IllegalArgumentException tooBig(String name, long bytes) {
        return new IllegalArgumentException((name.isEmpty() ? "The file" : name) + " is more than "
                + DataSize.ofBytes(maxBytes).toMegabytes() + " MB, the largest paper accepted: it was not read. "
                + "Send a smaller file, or split it");
    }

    /** The panel (or the secretariat) downloads a paper: recorded in the audit trail, as papers may not be public. */
    @Transactional
    public byte[] download(Paper paper, Actor by) {
        PanelRoles.require(Roles.panel(by), "download papers that are not public");
        auditTrail.record(by, "PAPER_DOWNLOADED", "paper:" + paper.id(), null, paper.title() + " (" + paper.fileName() + ")");
        return content(paper.id());
    }

    @Transactional
    public void markPublic(long id, Actor by) {
        PanelRoles.require(Roles.secretariat(by), "publish papers");
        if (jdbc.sql("update paper set public = true where id = ? and not public").param(id).update() == 1) {
            auditTrail.record(by, "PAPER_PUBLISHED", "paper:" + id, "not public", "public");
        }
    }

    /** Papers the viewer may see, of a meeting (or all when {@code meetingId} is null), newest first. */
    @Transactional(readOnly = true)
    public List<Paper> list(Long meetingId, Actor viewer) {
        return jdbc.sql("select " + COLUMNS + " from paper where (cast(? as bigint) is null or meeting_id = ?) and (? or public) "
                        + "order by id desc").params(meetingId, meetingId, Roles.panel(viewer))
                .query((rs, n) -> map(rs)).list();
    }

    @Transactional(readOnly = true)
    public Optional<Paper> find(long id, Actor viewer) {
        return jdbc.sql("select " + COLUMNS + " from paper where id = ? and (? or public)").params(id, Roles.panel(viewer))
                .query((rs, n) -> map(rs)).optional();
    }

    @Transactional(readOnly = true)
    public byte[] content(long id) {
        return jdbc.sql("select content from paper where id = ?").param(id).query(byte[].class).single();
    }

    private static final String COLUMNS = "id, title, file_name, content_type, size_bytes, public, meeting_id, uploaded_by, "
            + "uploaded_at, demonstration, agenda_item_id";

    private static Paper map(ResultSet rs) throws SQLException {
        return new Paper(rs.getLong("id"), rs.getString("title"), rs.getString("file_name"), rs.getString("content_type"),
                rs.getInt("size_bytes"), rs.getBoolean("public"), (Long) rs.getObject("meeting_id", Long.class),
                rs.getString("uploaded_by"), rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(),
                rs.getBoolean("demonstration"), (Long) rs.getObject("agenda_item_id", Long.class));
    }

    /** The kind from the name, confirmed by the content: a renamed file of another kind is refused. */
    static Kind kindOf(String name, byte[] content) {
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.extension.equals(extension)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException(name + ": the paper must be a PDF, Word (.docx), Excel (.xlsx) or CSV file");
        }
        boolean matches = switch (kind) {
            case PDF -> startsWith(content, "%PDF-".getBytes(StandardCharsets.US_ASCII));
            case DOCX -> zipHas(name, content, "word/");
            case XLSX -> zipHas(name, content, "xl/");
            case CSV -> utf8Text(content);
        };
        if (!matches) {
            throw new IllegalArgumentException(name + ": the content is not a " + kind.extension.toUpperCase(Locale.ROOT)
                    + " file (is it named wrongly, or damaged?)");
        }
        return kind;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Most a DOCX or XLSX may unpack to, as a multiple of its size. Real documents are XML and images,
     * which unpack to a few times their size (text-heavy spreadsheets to a few dozen); a zip bomb unpacks
     * to about a thousand times, and would be passed on to every member who opens it.
     */
    static final int MAX_UNPACKED_RATIO = 100;

    /**
     * Whether the zip holds an entry under {@code folder}, read from its central directory alone: no
     * entry is ever inflated (a {@link java.util.zip.ZipInputStream} inflates every entry it skips, so a
     * zip bomb would cost the server minutes of work). A zip that says it unpacks to more than
     * {@link #MAX_UNPACKED_RATIO} times its size is refused.
     */
    private static boolean zipHas(String name, byte[] content, String folder) {
        if (!startsWith(content, new byte[] {'P', 'K', 3, 4})) {
            return false;
        }
        Path file = null;
        try {
            file = Files.createTempFile("paper-", ".zip");
            Files.write(file, content);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                long unpacked = 0;
                boolean found = false;
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    unpacked += Math.max(0, entry.getSize());
                    found |= entry.getName().startsWith(folder);
                }
                if (unpacked > (long) MAX_UNPACKED_RATIO * content.length) {
                    throw new IllegalArgumentException(name + " would unpack to " + DataSize.ofBytes(unpacked).toMegabytes()
                            + " MB, more than " + MAX_UNPACKED_RATIO + " times its size: no real document does, so it was refused");
                }
                return found;
            }
        } catch (IOException e) {
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is removed with the temporary directory
                }
            }
        }
    }

    private static boolean utf8Text(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
