package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;
import uk.saferschools.oversight.support.OnADatabaseOfItsOwn;
import uk.saferschools.oversight.support.PostgresOfItsOwn;
import uk.saferschools.oversight.support.SignIn;

/**
 * The disk really fills (ENOSPC from the kernel, not a simulated error) while a panel paper or a record
 * file is uploaded: a small tmpfs ({@link PostgresOfItsOwn#withSmallDisk}, {@value OnADatabaseOfItsOwn#SMALL_DISK})
 * holds both the tablespace of the
 * tables that take the bulk of the data (papers and records) and the directory where uploaded record
 * files wait for their import. Each time the person is told in plain words that the disk is full and what
 * was not saved; no row (paper, batch, record, job left running) and no uploaded file is left behind; and
 * once space is freed the same upload goes in whole.
 */
class FillingTheDiskDuringAnUploadTest extends OnADatabaseOfItsOwn {

    static final String ANALYST = "disk-analyst";
    static final String SECRETARY = "disk-secretary";
    static final String PASSWORD = "disk-test-passphrase-1";
    static final int ROWS = 6_000;

    @Autowired
    MockMvc mvc;
    @Autowired
    PasswordEncoder passwords;

    Cookie analyst;
    Cookie secretary;
    long meeting;

    @BeforeEach
    void theBulkOfTheDataIsOnTheSmallDisk() throws Exception {
        try (Connection db = postgres().superuser()) {
            if (count(db, "select count(*) from pg_tablespace where spcname = 'small_disk'") == 0) {
                Files.createDirectories(postgres().onSmallDisk("tablespace"));
                Files.createDirectories(postgres().onSmallDisk("uploads"));
                db.createStatement().execute("create tablespace small_disk location '" + postgres().smallDisk().resolve("tablespace") + "'");
                db.createStatement().execute("alter table paper set tablespace small_disk");
                db.createStatement().execute("alter table stop_search set tablespace small_disk");
                // each import makes its records' table where stop_search's are (V29), as the tables' owner
                db.createStatement().execute("grant create on tablespace small_disk to " + EmbeddedPostgresServer.OWNER_ROLE);
                postgres().addAccount(passwords, ANALYST, PASSWORD, "ANALYST");
                postgres().addAccount(passwords, SECRETARY, PASSWORD, "SECRETARIAT");
            }
            try (ResultSet id = db.createStatement().executeQuery("insert into meeting (title, starts_at, place, created_by) "
                    + "values ('Meeting of the disk test', now() + interval '7 days', 'Town hall', 'test') returning id")) {
                id.next();
                meeting = id.getLong(1);
            }
        }
        analyst = SignIn.as(mvc, ANALYST, PASSWORD);
        secretary = SignIn.as(mvc, SECRETARY, PASSWORD);
    }

    /** Frees the space a test filled, whether or not it got as far as freeing it itself. */
    @AfterEach
    void theFillerGoes() throws Exception {
        try (var files = Files.list(postgres().onSmallDisk(""))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("filler-")).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void a_paper_that_does_not_fit_is_not_saved_and_the_person_is_told_and_it_goes_in_once_there_is_room() throws Exception {
        byte[] paper = pdfOf(3 * 1024 * 1024);
        String title = "Quarterly figures " + System.nanoTime();
        Path filler = fillLeaving(1024 * 1024);

        MockHttpServletResponse refused = uploadPaper(title, paper);
        assertThat(refused.getStatus()).isEqualTo(507);
        assertThat(refused.getContentAsString()).contains("govuk-header", "Sorry, the server’s disk is full",
                "disk is full, so the paper “" + title + "” (figures.pdf) was not saved")
                .doesNotContainPattern(RestartingTheDatabaseUnderLoadTest.LEAK);
        try (Connection db = postgres().superuser()) {
            assertThat(count(db, "select count(*) from paper where title = '" + title + "'")).isZero();
            assertThat(count(db, "select count(*) from audit_entry where after_summary like '" + title + "%'"))
                    .as("an audit entry for the paper not saved").isZero();
        }

        Files.delete(filler);
        MockHttpServletResponse saved = uploadPaper(title, paper);
        assertThat(saved.getStatus()).as(saved.getContentAsString()).isEqualTo(302);
        try (Connection db = postgres().superuser()) {
            assertThat(count(db, "select count(*) from paper where title = '" + title + "' and size_bytes = " + paper.length))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_record_file_that_does_not_fit_where_uploads_wait_is_refused_at_once_and_leaves_nothing() throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2011-04").rows(ROWS);
        byte[] body = UploadingRecordsTest.multipartBody(file.fileName(), file.text(), false);
        Path filler = fillLeaving(body.length / 3);

        MvcResult refused = mvc.perform(uploadRequest(body)).andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(302);
        assertThat(refused.getResponse().getRedirectedUrl()).isEqualTo("/records/imports");
        assertThat(refused.getFlashMap().get("error")).isEqualTo("The server's disk is full, so " + file.fileName()
                + " was not saved and nothing was imported. Try again later, or tell the administrator.");
        String page = mvc.perform(get("/records/imports").cookie(analyst).flashAttrs(refused.getFlashMap()))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("was not saved and nothing was imported");
        nothingIsLeftOf(file);

        Files.delete(filler);
        theSameFileGoesInWhole(file, body);
    }

    @Test
    void a_record_file_whose_records_do_not_fit_in_the_database_imports_nothing_and_leaves_nothing() throws Exception {
        PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth("2011-05").rows(ROWS);
        byte[] body = UploadingRecordsTest.multipartBody(file.fileName(), file.text(), false);
        // room for the uploaded file to wait, and not for its records as well
        Path filler = fillLeaving(body.length + body.length / 4);

        MockHttpServletResponse started = upload(body);
        assertThat(started.getStatus()).isEqualTo(302);
        String job = started.getRedirectedUrl();
        assertThat(job).startsWith("/records/imports/jobs/");
        String failure = awaitTheEnd(job);
        assertThat(failure).isEqualTo("The database's disk is full, so nothing was imported from " + file.fileName()
                + ". Upload the file again once the administrator has freed space.");
        String page = mvc.perform(get(job).cookie(analyst)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Import failed: " + file.fileName(), "disk is full, so nothing was imported from " + file.fileName())
                .doesNotContainPattern(RestartingTheDatabaseUnderLoadTest.LEAK);
        nothingIsLeftOf(file);

        Files.delete(filler);
        theSameFileGoesInWhole(file, body);
    }

    void nothingIsLeftOf(PoliceUkFileBuilder file) throws Exception {
        try (Connection db = postgres().superuser()) {
            assertThat(count(db, "select count(*) from import_batch where file_name = '" + file.fileName() + "'")).isZero();
            assertThat(count(db, "select count(*) from stop_search s join import_batch b on b.id = s.batch_id"
                    + " where b.file_name = '" + file.fileName() + "'")).isZero();
            assertThat(count(db, "select count(*) from record_import_job where finished_at is null"))
                    .as("import jobs left running").isZero();
        }
        try (var waiting = Files.list(postgres().onSmallDisk("uploads"))) {
            assertThat(waiting.toList()).as("uploaded files left behind").isEmpty();
        }
    }

    void theSameFileGoesInWhole(PoliceUkFileBuilder file, byte[] body) throws Exception {
        MockHttpServletResponse started = upload(body);
        assertThat(started.getStatus()).isEqualTo(302);
        assertThat(awaitTheEnd(started.getRedirectedUrl())).isNull();
        try (Connection db = postgres().superuser()) {
            assertThat(count(db, "select count(*) from stop_search s join import_batch b on b.id = s.batch_id"
                    + " where b.file_name = '" + file.fileName() + "' and b.status = 'ACTIVE'")).isEqualTo(ROWS);
        }
        try (var waiting = Files.list(postgres().onSmallDisk("uploads"))) {
            assertThat(waiting.toList()).isEmpty();
        }
    }

    /** Waits for the import job to end; returns its failure, or null when it imported. */
    String awaitTheEnd(String job) throws Exception {
        String id = job.substring(job.lastIndexOf('/') + 1);
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection db = postgres().superuser()) {
            while (true) {
                try (ResultSet rs = db.createStatement().executeQuery("select finished_at is not null, failure "
                        + "from record_import_job where id = '" + id + "'")) {
                    assertThat(rs.next()).isTrue();
                    if (rs.getBoolean(1)) {
                        return rs.getString(2);
                    }
                }
                assertThat(System.nanoTime()).as("the import ended within a minute").isLessThan(giveUp);
                Thread.sleep(100);
            }
        }
    }

    MockHttpServletResponse uploadPaper(String title, byte[] content) throws Exception {
        return mvc.perform(multipart("/panel/meetings/" + meeting + "/papers")
                        .file(new MockMultipartFile("file", "figures.pdf", "application/pdf", content))
                        .param("title", title).cookie(secretary).with(csrf()))
                .andReturn().getResponse();
    }

    MockHttpServletResponse upload(byte[] body) throws Exception {
        return mvc.perform(uploadRequest(body)).andReturn().getResponse();
    }

    MockHttpServletRequestBuilder uploadRequest(byte[] body) {
        return post("/records/imports").cookie(analyst)
                .contentType("multipart/form-data; boundary=" + UploadingRecordsTest.BOUNDARY).content(body)
                .with(csrf().asHeader());
    }

    /** Fills the small disk with a file of its own until only {@code free} bytes are left; returns the file. */
    static Path fillLeaving(long free) throws Exception {
        Path filler = postgres().onSmallDisk("filler-" + System.nanoTime());
        long usable = postgres().freeOnSmallDisk();
        assertThat(usable).as("room on the small disk before filling it").isGreaterThan(free);
        byte[] block = new byte[64 * 1024];
        long remaining = usable - free;
        try (var out = Files.newOutputStream(filler)) {
            while (remaining > 0) {
                int n = (int) Math.min(block.length, remaining);
                out.write(block, 0, n);
                remaining -= n;
            }
        }
        return filler;
    }

    /** A PDF that does not compress (PostgreSQL compresses what it can before it stores it). */
    static byte[] pdfOf(int size) {
        byte[] content = new byte[size];
        new Random(16).nextBytes(content);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, content, 0, header.length);
        return content;
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
