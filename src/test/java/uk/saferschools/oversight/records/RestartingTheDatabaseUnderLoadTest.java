package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.panel.Recommendations;
import uk.saferschools.oversight.support.OnADatabaseOfItsOwn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * PostgreSQL is restarted (a fast shutdown: every connection cut, open transactions rolled back) while
 * visitors, a signed-in analyst and uploads keep the application busy over real HTTP. While it is down
 * every request is answered cleanly: 503 with a plain page in the site's layout, or a problem document for
 * the API, and never a stack trace or an exception's text (the home page, static but for the demonstration
 * banner's answer, which a node remembers, may instead be answered whole). When it is back, the same application (not
 * restarted) answers again: the pool reconnects, the analyst's session is still good, db-scheduler carries
 * on, an import either went in whole or not at all and no job is left "running", and the public answers it
 * keeps are still right. The database is not the one the rest of the suite shares ({@link OnADatabaseOfItsOwn}),
 * so that stopping it disturbs no other test.
 */
class RestartingTheDatabaseUnderLoadTest extends OnADatabaseOfItsOwn {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** What an answer must never show: an exception's name or text, a stack frame, SQL or the driver's words. */
    static final Pattern LEAK = Pattern.compile("Exception|\\bat (java|org|uk|com|jdk)\\.|Caused by|SQLState|SQL \\[|PSQL"
            + "|org\\.postgresql|Hikari|terminating connection|Connection refused|could not extend|No space left");
    static final Duration OUTAGE = Duration.ofSeconds(5);
    static final int ROWS_A_FILE = 40;

    @LocalServerPort
    int port;
    @Autowired
    Recommendations recommendations;
    @Autowired
    PasswordEncoder passwords;

    static final String ANALYST = "restart-analyst";
    static final String ANALYST_PASSWORD = "restart-analyst-passphrase-1";

    /** The kinds of request the load makes, one thread each. */
    enum Kind { HOME_PAGE, KEPT_PUBLIC_PAGE, OPEN_DATA_API, SIGNED_IN_PAGE, UPLOAD }

    record Answer(Kind kind, int status, String contentType, String body, long startedAt, long endedAt, String fileName) {
        boolean succeeded() {
            return status == 200 || (kind == Kind.UPLOAD && status == 302);
        }
    }

    final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger months = new AtomicInteger();
    String session;
    String csrf;

    @Test
    void while_it_is_down_every_request_fails_cleanly_and_once_it_is_back_the_same_application_answers_again() throws Exception {
        signIn();
        for (Kind kind : Kind.values()) {
            assertThat(request(kind).succeeded()).as(kind + " before the restart").isTrue();
        }
        String keptBefore = get("/recommendations", null).body();

        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(Kind.values().length);
        for (Kind kind : Kind.values()) {
            load.submit(() -> {
                while (loading.get()) {
                    answers.add(request(kind));
                }
                return null;
            });
        }
        Thread.sleep(500);
        long stoppingAt = System.nanoTime();
        postgres().stopFast();
        long downAt = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis());
        long upAt = System.nanoTime();
        postgres().startAgain();
        long acceptingAt = System.nanoTime();
        java.sql.Timestamp back;
        try (Connection db = postgres().superuser(); ResultSet now = db.createStatement().executeQuery("select now()")) {
            now.next();
            back = now.getTimestamp(1);
        }

        // the load goes on until every kind of request has succeeded again, started after the server was back
        Map<Kind, Long> recovered = new EnumMap<>(Kind.class);
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (recovered.size() < Kind.values().length && System.nanoTime() < giveUp) {
            synchronized (answers) {
                for (Answer answer : answers) {
                    if (answer.succeeded() && answer.startedAt() > acceptingAt) {
                        recovered.merge(answer.kind(), answer.endedAt() - acceptingAt, Math::min);
                    }
                }
            }
            Thread.sleep(50);
        }
        loading.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        System.out.printf("Restart under load: %d requests, %d refused; PostgreSQL down %d ms, taking connections again %d ms after "
                        + "its start; first success after that, by kind (ms): %s%n", answers.size(),
                answers.stream().filter(a -> a.status() == 503).count(),
                (upAt - stoppingAt) / 1_000_000, (acceptingAt - upAt) / 1_000_000,
                recovered.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).toList());

        assertThat(recovered.keySet()).as("every kind of request succeeds again without restarting the application")
                .containsExactlyInAnyOrder(Kind.values());
        List<Answer> all = List.copyOf(answers);
        for (Answer answer : all) {
            assertThat(answer.status()).as(answer.kind() + " answered " + answer.body()).isIn(200, 302, 503);
            assertThat(answer.body()).as(answer.kind() + " shows nothing of the failure's insides").doesNotContainPattern(LEAK);
        }
        for (Kind kind : Kind.values()) {
            // a request made and answered while the server was down is refused; one in flight as it stopped, or
            // still waiting for a connection as it came back, may be refused or answered
            all.stream().filter(a -> a.kind() == kind && a.startedAt() > downAt && a.endedAt() < upAt).forEach(answer -> {
                if (kind == Kind.HOME_PAGE && answer.status() == 200) {
                    // the home page is static: it asks the database only whether the installation holds demonstration
                    // data, which a node remembers once the answer is yes and holds for 2 s when it is no
                    // (identity.DemonstrationNotice), so it may be answered whole while the database is down
                    assertThat(answer.body()).contains("govuk-header", "</html>").doesNotContain("Sorry, the service is unavailable");
                } else {
                    assertThat(answer.status()).as(kind + " while down answered " + answer.body()).isEqualTo(503);
                }
            });
            List<Answer> refused = all.stream().filter(a -> a.kind() == kind && a.status() == 503).toList();
            if (kind != Kind.HOME_PAGE) {
                assertThat(refused).as(kind + " requests refused while PostgreSQL was down").isNotEmpty();
            }
            for (Answer answer : refused) {
                assertThat(answer.endedAt()).as("refused before PostgreSQL began to stop").isGreaterThan(stoppingAt);
                if (kind == Kind.OPEN_DATA_API) {
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.body()).contains("\"status\":503", "cannot reach its database");
                } else {
                    // a page in the site's layout, in plain words
                    assertThat(answer.contentType()).startsWith("text/html");
                    assertThat(answer.body()).contains("govuk-header", "Sorry, the service is unavailable",
                            kind == Kind.UPLOAD ? "lost its database while it was saving what you sent, so it was saved "
                                    + "whole or not at all" : "cannot reach its database just now. Try again in a minute.");
                }
            }
        }

        // the analyst's session outlived the restart, and the kept public answer is still the right one
        assertThat(get("/records/imports", session).statusCode()).isEqualTo(200);
        assertThat(get("/recommendations", null).body()).isEqualTo(keptBefore);
        String title = "Issued after the database restarted " + UUID.randomUUID();
        String reference = recommendations.draft(title, "Made public once the database was back.",
                new Actor(TestAccounts.MEMBER, "PANEL_MEMBER"));
        Actor chair = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
        recommendations.agree(reference, "Agreed", 1, chair);
        recommendations.issue(reference, LocalDate.now().plusDays(30), chair);
        assertThat(get("/recommendations", null).body()).as("the kept public answer is not stale").contains(title);
        assertThat(get("/api/v1/recommendations", null).body()).contains(title);

        everyImportWentInWholeOrNotAtAllAndNoneIsLeftRunning(all);
        theSchedulerCarriesOnAfter(back);
        try (var left = Files.list(postgres().onSmallDisk("uploads"))) {
            assertThat(left.toList()).as("uploaded files left waiting").isEmpty();
        }
    }

    void everyImportWentInWholeOrNotAtAllAndNoneIsLeftRunning(List<Answer> all) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Connection db = postgres().superuser()) {
            while (count(db, "select count(*) from record_import_job where finished_at is null") > 0) {
                assertThat(System.nanoTime()).as("every import job has ended").isLessThan(giveUp);
                Thread.sleep(100);
            }
            for (Answer upload : all.stream().filter(a -> a.kind() == Kind.UPLOAD).toList()) {
                String name = upload.fileName().replace("'", "''");
                long jobs = count(db, "select count(*) from record_import_job where file_name = '" + name + "'");
                long rows = count(db, "select count(*) from stop_search s join import_batch b on b.id = s.batch_id"
                        + " where b.file_name = '" + name + "'");
                if (upload.status() == 503) {
                    // a post answered 503 is told it was "saved whole or not at all: check": its job may have been
                    // kept just before the database went, and must then have ended whole like any other
                    assertThat(jobs).as("jobs for the upload answered 503, " + upload.fileName()).isLessThanOrEqualTo(1);
                    if (jobs == 0) {
                        assertThat(rows).as("rows of the upload answered 503").isZero();
                        continue;
                    }
                }
                assertThat(jobs).isEqualTo(1);
                try (ResultSet job = db.createStatement().executeQuery("select outcome, failure from record_import_job "
                        + "where file_name = '" + name + "'")) {
                    job.next();
                    String failure = job.getString("failure");
                    if (failure == null) {
                        assertThat(job.getString("outcome")).isNotNull();
                        assertThat(rows).as("rows of " + upload.fileName() + ", imported").isEqualTo(ROWS_A_FILE);
                    } else {
                        assertThat(failure).doesNotContainPattern(LEAK).contains("nothing was imported");
                        assertThat(rows).as("rows of " + upload.fileName() + ", whose import failed").isZero();
                    }
                }
            }
            assertThat(count(db, "select count(*) from import_batch b where not exists "
                    + "(select 1 from record_import_job j where j.file_name = b.file_name) and b.file_name ~ '^200[0-9]-'"))
                    .as("batches of this test's files that no job of theirs made").isZero();
        }
    }

    void theSchedulerCarriesOnAfter(java.sql.Timestamp back) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection db = postgres().superuser()) {
            var ran = db.prepareStatement("select count(*) from scheduled_tasks where task_name = 'record-imports-clear-up'"
                    + " and last_success > ?");
            ran.setTimestamp(1, back);
            while (true) {
                try (ResultSet rs = ran.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("db-scheduler ran its clear-up again after the restart").isLessThan(giveUp);
                Thread.sleep(250);
            }
        }
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Answer request(Kind kind) {
        long started = System.nanoTime();
        String fileName = null;
        try {
            HttpResponse<String> response = switch (kind) {
                case HOME_PAGE -> get("/", null);
                case KEPT_PUBLIC_PAGE -> get("/recommendations", null);
                case OPEN_DATA_API -> get("/api/v1/recommendations", null);
                case SIGNED_IN_PAGE -> get("/records/imports", session);
                case UPLOAD -> {
                    int month = months.getAndIncrement();
                    PoliceUkFileBuilder file = PoliceUkFileBuilder.forMonth(String.format("%d-%02d", 2000 + month / 12,
                            month % 12 + 1)).rows(ROWS_A_FILE);
                    fileName = file.fileName();
                    yield HTTP.send(HttpRequest.newBuilder(address("/records/imports?_csrf=" + csrf))
                            .header("Cookie", session).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "multipart/form-data; boundary=" + UploadingRecordsTest.BOUNDARY)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    UploadingRecordsTest.multipartBody(file.fileName(), file.text(), false)))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
            };
            return new Answer(kind, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), started, System.nanoTime(), fileName);
        } catch (Exception e) {
            return new Answer(kind, -1, "", "no answer: " + e, started, System.nanoTime(), fileName);
        }
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(address(path)).timeout(Duration.ofSeconds(20))
                .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    URI address(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Signs the analyst in through the real form, and reads the upload form's CSRF token. */
    void signIn() throws Exception {
        postgres().addAccount(passwords, ANALYST, ANALYST_PASSWORD, "ANALYST");
        HttpResponse<String> form = get("/sign-in", null);
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(token.find()).isTrue();
        String anonymous = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(address("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", anonymous)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ANALYST + "&password="
                        + ANALYST_PASSWORD + "&_csrf=" + token.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        session = signedIn.headers().firstValue("Set-Cookie").orElse(anonymous).split(";")[0];
        Matcher uploadToken = Pattern.compile("_csrf=([^\"&]+)").matcher(get("/records/imports", session).body());
        assertThat(uploadToken.find()).isTrue();
        csrf = uploadToken.group(1);
    }
}
