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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.identity.Roles;
import uk.saferschools.oversight.web.DatabaseTrouble;
import uk.saferschools.oversight.web.DiskFullException;

/**
 * Papers for meetings and evidence for review items: PDF, Word (DOCX), Excel (XLSX) or CSV, checked by
 * their content as well as their name, up to a configured size, kept in the database. The panel sees
 * every paper; a paper is public only once the secretariat marks it so.
 *
 * <p>A paper is what its name says and nothing else: its first bytes are those of its kind; it is not also
 * a page a browser would run (HTML or script among its first bytes, where browsers look), nor also a PDF
 * (which readers find anywhere in the first kilobyte), nor a PDF that is also a zip archive; the type the
 * browser declared for it, when it declared one, is one a browser gives that kind; and a DOCX or XLSX
 * unpacks to what its directory says, no more, and to no more than {@link #MAX_UNPACKED_RATIO} times its size.
 */
@Service
public class Papers {

    /** The kinds of paper accepted, with the content type they are served as. */
    enum Kind {
        PDF("pdf", "application/pdf", "application/x-pdf", "application/acrobat"),
        DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/msword",
                "application/zip", "application/x-zip-compressed"),
        XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel",
                "application/zip", "application/x-zip-compressed"),
        // Windows with Excel installed declares a CSV file as an Excel one
        CSV("csv", "text/csv; charset=utf-8", "text/csv", "text/plain", "application/csv", "text/x-csv",
                "text/comma-separated-values", "text/x-comma-separated-values", "application/vnd.ms-excel");

        final String extension;
        final String contentType;
        /** The types browsers and operating systems declare for a file of this kind (and "don't know"). */
        final Set<String> declared;

        Kind(String extension, String contentType, String... alsoDeclaredAs) {
            this.extension = extension;
            this.contentType = contentType;
            this.declared = new HashSet<>(List.of(alsoDeclaredAs));
            this.declared.add(contentType);
            this.declared.addAll(List.of("application/octet-stream", "binary/octet-stream"));
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
        // the type the browser declared, when it was sent as a form's file (a service caller declares none)
        String declaredType = file instanceof MultipartFile multipart ? multipart.getContentType() : null;
        try {
            return add(title, name, content, declaredType, meetingId, agendaItemId, item, by);
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

    private long add(String title, String name, byte[] content, String declaredType, Long meetingId, Long agendaItemId,
                     String item, Actor by) {
        if (content.length == 0) {
            throw new IllegalArgumentException("Choose a file: " + (name.isEmpty() ? "none was sent" : name + " is empty"));
        }
        Kind kind = kindOf(name, content, declaredType);
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

    /**
     * As {@link #kindOf(String, byte[])}, and refused when the browser declared a type that is not one
     * given to that kind of file (an HTML page or a program named {@code .pdf} is declared as what it is).
     */
    static Kind kindOf(String name, byte[] content, String declaredType) {
        Kind kind = kindOf(name, content);
        String declared = declaredType == null ? "" : declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!declared.isEmpty() && !kind.declared.contains(declared)) {
            throw new IllegalArgumentException(name + " was sent as " + declared + ", not as a "
                    + kind.extension.toUpperCase(Locale.ROOT) + " file: send a real " + kind.extension.toUpperCase(Locale.ROOT)
                    + " file, named for what it is");
        }
        return kind;
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
        String alsoSomethingElse = alsoAnotherKind(kind, content);
        if (alsoSomethingElse != null) {
            throw new IllegalArgumentException(name + " is a " + kind.extension.toUpperCase(Locale.ROOT) + " file that is also "
                    + alsoSomethingElse + ": a paper must be only a " + kind.extension.toUpperCase(Locale.ROOT)
                    + " file, so it was refused");
        }
        return kind;
    }

    /** Where browsers look for markup when they guess a type (512 bytes), and PDF readers for the header (1,024). */
    static final int SNIFFED = 1024;

    /** The start of markup a browser would run as a page or an image with script: never in the first bytes of a paper. */
    private static final Pattern MARKUP = Pattern.compile(
            "<(?:!doctype\\s+html|html|head|body|script|iframe|svg|object|embed)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * What else the content is besides a paper of {@code kind}, or null: a polyglot is refused, as whoever
     * opens it may be given the other (a browser that guesses its type runs the page; a PDF reader opens the
     * PDF inside a "spreadsheet"; an unzip tool finds the archive in a "PDF").
     */
    static String alsoAnotherKind(Kind kind, byte[] content) {
        String start = new String(content, 0, Math.min(content.length, SNIFFED), StandardCharsets.ISO_8859_1);
        if (MARKUP.matcher(start).find()) {
            return "a web page (HTML or script in its first bytes, where a browser looks)";
        }
        if (kind != Kind.PDF && start.contains("%PDF-")) {
            return "a PDF (a PDF header in its first kilobyte, where PDF readers look)";
        }
        if (kind == Kind.PDF && zipDirectoryAtTheEnd(content)) {
            return "a zip archive (a zip directory at its end)";
        }
        return null;
    }

    /**
     * Whether the last 64 KB hold a zip's end-of-directory record (PK 5 6) that points back into the file, as
     * every zip tool looks for it; a PDF's compressed streams hold those four bytes by chance about once in
     * four billion places, and the record's own fields must then agree with where it is found.
     */
    static boolean zipDirectoryAtTheEnd(byte[] content) {
        for (int at = content.length - 22; at >= Math.max(0, content.length - 22 - 65_535); at--) {
            if (content[at] == 'P' && content[at + 1] == 'K' && content[at + 2] == 5 && content[at + 3] == 6) {
                long directorySize = le32(content, at + 12);
                long directoryOffset = le32(content, at + 16);
                int commentLength = (content[at + 20] & 0xff) | (content[at + 21] & 0xff) << 8;
                if (at + 22 + commentLength <= content.length && directorySize <= at && directoryOffset + directorySize <= at) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
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
                if (zip.size() > MAX_ENTRIES) {
                    throw new IllegalArgumentException(name + " holds " + zip.size() + " files, more than the " + MAX_ENTRIES
                            + " any real document does, so it was refused");
                }
                unpacksAsItSays(name, zip, (long) MAX_UNPACKED_RATIO * content.length);
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

    /** Most files a DOCX or XLSX may hold; a long report with many images holds a few hundred. */
    static final int MAX_ENTRIES = 10_000;

    /**
     * Unpacks every entry, keeping nothing, and refuses the zip as soon as an entry gives more than its
     * directory says it holds (a zip bomb may declare small sizes and inflate to gigabytes) or all of them
     * more than {@code most}: the work is bounded by the sizes already found acceptable.
     */
    private static void unpacksAsItSays(String name, ZipFile zip, long most) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            long said = entry.getSize();
            long read = 0;
            try (InputStream in = zip.getInputStream(entry)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                    total += n;
                    if (said >= 0 && read > said || total > most) {
                        throw new IllegalArgumentException(name + " unpacks to more than its directory says (" + entry.getName()
                                + " says " + Math.max(said, 0) + " bytes): a real document never does, so it was refused");
                    }
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
