package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import uk.saferschools.oversight.audit.AuditVerifyCommand;
import uk.saferschools.oversight.identity.Role;
import uk.saferschools.oversight.support.Commands;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Every route the running application answers, tried anonymously, by every role that may not use it and
 * by one that may, against the role table {@code routes-by-role.csv}. The requests of those who may are
 * real (they publish, approve, close...), so this class has a database of its own: the property below
 * makes a separate application context, and the demonstration data the other tests share is left alone.
 * Those who may not are refused before any field is read: with the example's fields, without them, with
 * them malformed, and (for an upload) not as a multipart form, they get 403. A 302 for those who may is a
 * success only if the page it leads to shows no error (and, for the forms in {@link #DONE_WHEN}, if the
 * database shows it done).
 */
@OversightTest
@TestPropertySource(properties = "oversight.test.own-database=trying-every-route")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TryingEveryRouteAsEveryRoleTest {

    static final RoutesByRole TABLE = RoutesByRole.read("/routes-by-role.csv");

    /** The demonstration accounts, one a role, with what each role implies (a chair is a panel member too). */
    static final Map<String, Set<Role>> ACCOUNTS = new LinkedHashMap<>();

    static {
        ACCOUNTS.put(TestAccounts.MEMBER, EnumSet.of(Role.PANEL_MEMBER));
        ACCOUNTS.put(TestAccounts.CHAIR, EnumSet.of(Role.CHAIR, Role.PANEL_MEMBER));
        ACCOUNTS.put(TestAccounts.SECRETARIAT, EnumSet.of(Role.SECRETARIAT));
        ACCOUNTS.put(TestAccounts.ANALYST, EnumSet.of(Role.ANALYST));
        ACCOUNTS.put(TestAccounts.LIAISON, EnumSet.of(Role.POLICE_LIAISON));
        ACCOUNTS.put(TestAccounts.AUDITOR, EnumSet.of(Role.AUDITOR));
        ACCOUNTS.put(TestAccounts.ADMINISTRATOR, EnumSet.of(Role.ADMINISTRATOR));
    }

    /**
     * Where the real values of the examples' placeholders come from, read when the request is sent, so
     * that a line of the table can use what an earlier line made.
     */
    static final Map<String, String> PLACEHOLDERS = Map.ofEntries(
            Map.entry("publication", "select min(id) from publication"),
            Map.entry("approvedTermsOfReference", "select max(number) from tor_version where approved_at is not null"),
            Map.entry("termsOfReference", "select max(number) from tor_version"),
            Map.entry("section", "select min(section) from tor_section s join tor_version v on v.id = s.version_id"
                    + " where v.number = (select max(number) from tor_version)"),
            Map.entry("publicMeeting", "select min(id) from meeting"),
            Map.entry("meeting", "select max(id) from meeting"),
            Map.entry("issuedRecommendation", "select min(reference) from recommendation where status not in ('DRAFT', 'AGREED')"),
            Map.entry("recommendation", "select reference from recommendation order by id desc limit 1"),
            Map.entry("publicPaper", "select min(id) from paper where public"),
            Map.entry("paper", "select max(id) from paper"),
            Map.entry("probeAccount", "select max(id) from account where username like 'route-probe-%'"),
            Map.entry("job", "select id::text from record_import_job where started_by = 'demo-analyst' order by started_at desc limit 1"),
            Map.entry("batch", "select max(id) from import_batch"),
            Map.entry("run", "select id::text from analysis_run order by started_at desc limit 1"),
            // a run's page sends its owner on to the snapshot once it has finished: wait for one (see fill)
            Map.entry("finishedRun", "select id::text from analysis_run where snapshot_id is not null order by started_at desc limit 1"),
            Map.entry("snapshot", "select min(id) from analysis_snapshot"),
            // the route test's own analysis (the demonstration's are published already), and its publication
            Map.entry("newestSnapshot", "select max(id) from analysis_snapshot"),
            Map.entry("newestPublication", "select max(id) from publication"),
            Map.entry("openScheduleItem", "select max(id) from publication_schedule where publication_id is null"),
            Map.entry("openProposal", "select max(id) from publication_proposal where publication_id is null and decided_at is null"),
            Map.entry("member", "select max(id) from panel_member"),
            Map.entry("organisation", "select max(id) from organisation"),
            Map.entry("requestToSpeak", "select max(id) from request_to_speak"),
            // the demonstration's request still awaiting the police's answer (the probe's own is scheduled first)
            Map.entry("openRequestToSpeak", "select min(id) from request_to_speak where status = 'REQUESTED'"),
            Map.entry("reviewItem", "select max(id) from review_item"),
            Map.entry("sample", "select max(id) from bwv_sample"),
            Map.entry("session", "select max(id) from bwv_review_session"),
            Map.entry("demoSession", "select min(id) from bwv_review_session"),
            Map.entry("actionPoint", "select max(id) from bwv_action_point"),
            Map.entry("actionPointVersion", "select max(seq) from bwv_action_point_event"
                    + " where action_point_id = (select max(id) from bwv_action_point)"),
            Map.entry("minutesVersion", "select max(version) from minutes_text where meeting_id = (select max(id) from meeting)"),
            Map.entry("recommendationVersion", "select max(t.version) from recommendation_text t"
                    + " where t.recommendation_id = (select max(id) from recommendation)"),
            // the revision of a whole version's text, as its approve form carries it: every section revision saved in it
            Map.entry("sectionRevision", "select count(*) from tor_section s join tor_version v on v.id = s.version_id"
                    + " where v.number = (select max(number) from tor_version)"));

    /**
     * What must be so before a line's request can succeed, and that the table's order alone cannot give
     * (one line a route): requests made first, as {@code account POST example}, by whoever would make them.
     */
    static final Map<String, List<String>> ARRANGED_BEFORE = Map.of(
            // the version was put out for consultation, commented on and taken back to a draft by the lines before
            "POST /panel/terms-of-reference/{number}/approve",
            List.of(TestAccounts.SECRETARIAT + " POST /panel/terms-of-reference/{termsOfReference}/consultation"));

    /**
     * For the forms that go back to the same page whether they did what they say or not: what the
     * database must show once the right role has sent the line's request.
     */
    static final Map<String, String> DONE_WHEN = Map.of(
            "POST /records/imports",
            "select count(*) = 1 from record_import_job where file_name = '2019-04-metropolitan-stop-and-search.csv'",
            "POST /analysis/{id}/propose",
            "select count(*) = 1 from publication_proposal where proposed_title = 'Route probe' and reasons = 'For the route test'",
            "POST /manage/proposals/{id}/decline",
            "select count(*) = 1 from publication_proposal where decided_at is not null and declined_reason = 'Not now'",
            "POST /manage/publications/{id}/schedule",
            "select count(*) = 1 from publication_schedule where title = 'Route probe release' and publication_id is not null");

    static final AtomicLong UNIQUE = new AtomicLong(System.currentTimeMillis());

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    final Map<String, Cookie> sessions = new LinkedHashMap<>();

    @BeforeAll
    void signInAsEveryRole() throws Exception {
        for (String account : ACCOUNTS.keySet()) {
            sessions.put(account, SignIn.as(mvc, account));
        }
    }

    @Test
    void every_route_of_the_application_has_a_rule_in_the_role_table_and_every_rule_a_route() {
        Set<String> routes = RoutesByRole.of(context);
        assertThat(TABLE.withoutRule(routes)).as("routes with no line in routes-by-role.csv").isEmpty();
        assertThat(TABLE.withoutRoute(routes)).as("lines of routes-by-role.csv for routes that are gone").isEmpty();
    }

    @Test
    void every_route_answers_anonymous_visitors_wrong_roles_and_right_roles_as_the_table_says() throws Exception {
        uploadARecordFileSoThatThereIsAnImportToFollow();
        List<String> wrong = new ArrayList<>();
        for (RoutesByRole.Rule rule : TABLE.rules().values()) {
            // Those who may not come first: they change nothing, and must find the route as the table says.
            if (!rule.isPublic()) {
                // a file upload from someone not signed in is refused before its body is read (AnonymousMultipartRefusal)
                expect(wrong, rule, "anonymous", null, rule.example().contains("=@") ? 403 : 302);
            }
            String mayUse = null;
            for (var account : ACCOUNTS.entrySet()) {
                if (!rule.allows(account.getValue())) {
                    Cookie session = sessions.get(account.getKey());
                    expect(wrong, rule, account.getKey(), session, 403);
                    // the role is checked before any field is read: a missing or malformed field tells them nothing more
                    expect(wrong, rule, rule.example().replaceAll("\\?.*", ""), account.getKey() + ", with no fields",
                            session, 403);
                    expect(wrong, rule, malformed(rule.example()), account.getKey() + ", with malformed fields", session, 403);
                    if (rule.example().contains("=@")) {
                        expect(wrong, rule, rule.example().replace("=@", "="), account.getKey() + ", not multipart", session, 403);
                    }
                } else if (mayUse == null) {
                    mayUse = account.getKey();
                }
            }
            for (String arrangement : ARRANGED_BEFORE.getOrDefault(rule.route(), List.of())) {
                String[] words = arrangement.split(" ", 3);
                var response = mvc.perform(postOf(fill(words[2])).with(csrf()).cookie(sessions.get(words[0])))
                        .andReturn().getResponse();
                if (response.getStatus() != 302) {
                    wrong.add(rule.route() + ": arranging it beforehand, " + arrangement + " got " + response.getStatus());
                }
            }
            if (rule.isPublic()) {
                expect(wrong, rule, "anonymous", null, rule.success());
            } else {
                expect(wrong, rule, mayUse, sessions.get(mayUse), rule.success());
            }
            String done = DONE_WHEN.get(rule.route());
            if (done != null && !Boolean.TRUE.equals(jdbc.sql(done).query(Boolean.class).single())) {
                wrong.add(rule.route() + " as " + mayUse + ": answered " + rule.success() + " but did not do it (" + done + ")");
            }
        }
        assertThat(wrong).as("requests answered otherwise than routes-by-role.csv says").isEmpty();
        everyPageEscapesWhatWasWrittenAndEveryCsvDisarmsFormulas();
        var verify = Commands.run(context, AuditVerifyCommand.class);
        assertThat(verify.status()).as("audit verify after all these requests: " + verify.out() + verify.err()).isZero();
    }

    /** Written into the forms by the table's examples: markup and formulas, which must come back inert. */
    static final List<String> PAYLOADS = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>");

    /**
     * Every page again, now that the table's requests have written markup and formulas into titles,
     * comments and texts (see the examples): no page shows the markup unescaped, and no cell of any CSV
     * starts with =, +, - or @ (SafeCsv puts an apostrophe first). At least one page and one CSV must
     * have shown the written values, so that the check is not passed by showing nothing.
     */
    void everyPageEscapesWhatWasWrittenAndEveryCsvDisarmsFormulas() throws Exception {
        List<String> unsafe = new ArrayList<>();
        boolean escapedSeen = false;
        boolean disarmedSeen = false;
        for (RoutesByRole.Rule rule : TABLE.rules().values()) {
            if (!"GET".equals(rule.method()) || rule.success() != 200) {
                continue;
            }
            String who = rule.isPublic() ? null : ACCOUNTS.entrySet().stream().filter(a -> rule.allows(a.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            var request = get(fill(rule.example()));
            if (who != null) {
                request.cookie(sessions.get(who));
            }
            var response = mvc.perform(request).andReturn().getResponse();
            String body = response.getContentAsString(StandardCharsets.UTF_8);
            String type = String.valueOf(response.getContentType());
            // markup matters where a browser reads the answer as HTML; JSON and CSV carry the text as it was written
            // (as data, with nosniff), and a CSV is checked for formulas below
            for (String payload : PAYLOADS) {
                if (type.startsWith("text/html") && body.contains(payload)) {
                    unsafe.add(rule.route() + " shows " + payload + " unescaped");
                }
            }
            escapedSeen |= type.startsWith("text/html") && body.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            if (type.startsWith("text/csv")) {
                for (String line : body.split("\r?\n")) {
                    for (String cell : line.split(",")) {
                        String value = cell.startsWith("\"") ? cell.substring(1) : cell;
                        if (!value.isEmpty() && "=+@".indexOf(value.charAt(0)) >= 0
                                || value.startsWith("-") && !value.matches("-[0-9.]+\"?")) {
                            unsafe.add(rule.route() + " has a CSV cell starting a formula: " + cell);
                        }
                    }
                }
                disarmedSeen |= body.contains("\"'=HYPERLINK") || body.contains("\"'@SUM") || body.contains("\"'=SUM");
            }
        }
        assertThat(unsafe).as("pages and downloads that hand back markup or formulas").isEmpty();
        assertThat(escapedSeen).as("some page showed the written markup, escaped").isTrue();
        assertThat(disarmedSeen).as("some CSV download held a written formula, disarmed").isTrue();
    }

    /**
     * The example with every placeholder and every field's value replaced by text that is none of the values
     * the form offers, nor a number, nor a date (a file field stays a file).
     */
    static String malformed(String example) {
        return example.replaceAll("\\{\\w+}", "not-a-value").replaceAll("=(?!@)[^&]*", "=not-a-value");
    }

    void expect(List<String> wrong, RoutesByRole.Rule rule, String who, Cookie session, int expected) throws Exception {
        expect(wrong, rule, rule.example(), who, session, expected);
    }

    void expect(List<String> wrong, RoutesByRole.Rule rule, String example, String who, Cookie session, int expected)
            throws Exception {
        String path = fill(example);
        AbstractMockHttpServletRequestBuilder<?> request = "POST".equals(rule.method()) ? postOf(path) : get(path);
        if ("POST".equals(rule.method())) {
            // a record upload's body is read by the controller alone (RecordUploads): its token is not among the fields
            request.with(path.contains(".csv") && path.contains("=@") ? csrf().asHeader() : csrf());
        }
        if (session != null) {
            request.cookie(session);
        }
        MockHttpServletResponse response;
        try {
            response = mvc.perform(request).andReturn().getResponse();
        } catch (Exception e) {
            // MockMvc hands on what a server would answer with 500
            wrong.add(rule.route() + " as " + who + " (" + rule.method() + " " + path + "): expected " + expected
                    + ", failed with " + rootCause(e));
            return;
        }
        String problem = null;
        if (response.getStatus() != expected) {
            problem = "got " + response.getStatus() + (response.getRedirectedUrl() == null ? "" : " to " + response.getRedirectedUrl());
        } else if (session == null && expected == 302 && !rule.isPublic() && !"/sign-in".equals(response.getRedirectedUrl())) {
            problem = "was redirected to " + response.getRedirectedUrl() + ", not to /sign-in";
        } else if (session != null && expected == 302 && "POST".equals(rule.method()) && response.getRedirectedUrl() != null
                && response.getRedirectedUrl().startsWith("/")) {
            // some forms go back to a page whatever happened: a success shows no error there
            String next = mvc.perform(get(response.getRedirectedUrl()).cookie(session)).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            Matcher error = Pattern.compile("govuk-error-summary__body\">\\s*(?:<ul[^>]*>\\s*<li>\\s*)?(?:<a[^>]*>|<p[^>]*>)?([^<]*)")
                    .matcher(next);
            if (error.find()) {
                problem = "was sent back to " + response.getRedirectedUrl() + " with the error «" + error.group(1).strip() + "»";
            }
        }
        if (problem != null) {
            wrong.add(rule.route() + " as " + who + " (" + rule.method() + " " + path + "): expected " + expected + ", " + problem);
        }
    }

    /** A POST of the form fields in {@code path}'s query; a field given as {@code @name} is a file of that name. */
    static AbstractMockHttpServletRequestBuilder<?> postOf(String path) {
        if (!path.contains("=@")) {
            return post(path);
        }
        String[] parts = path.split("\\?", 2);
        if (parts[1].matches("file=@[^&]+\\.csv")) {
            // a record file: sent as a browser sends it, as the body the records page reads as a stream
            return post(parts[0]).contentType("multipart/form-data; boundary=" + BOUNDARY)
                    .content(recordFileUpload(parts[1].substring("file=@".length())));
        }
        var multipart = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(parts[0]);
        for (String pair : parts[1].split("&")) {
            String[] field = pair.split("=", 2);
            if (field[1].startsWith("@")) {
                multipart.file(new org.springframework.mock.web.MockMultipartFile(field[0], field[1].substring(1),
                        "application/pdf", "%PDF-1.4\n%route probe\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)));
            } else {
                multipart.param(field[0], field[1]);
            }
        }
        return multipart;
    }

    static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String where = java.util.Arrays.stream(cause.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("uk.saferschools.oversight"))
                .findFirst().map(StackTraceElement::toString).orElse("?");
        return cause + " at " + where;
    }

    String fill(String example) throws InterruptedException {
        return fill(jdbc, example);
    }

    /** The example with its placeholders filled with real values read from the database now. */
    static String fill(JdbcClient jdbc, String example) throws InterruptedException {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(example);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if ("unique".equals(name)) {
                value = Long.toString(UNIQUE.incrementAndGet());
            } else {
                String sql = PLACEHOLDERS.get(name);
                if (sql == null) {
                    throw new IllegalArgumentException("No value for {" + name + "} in " + example);
                }
                Object found = jdbc.sql(sql).query().singleColumn().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
                for (int waited = 0; found == null && "finishedRun".equals(name) && waited < 240; waited++) {
                    Thread.sleep(500);
                    found = jdbc.sql(sql).query().singleColumn().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
                }
                value = found == null ? "none-found-for-" + name : found.toString();
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    static final String BOUNDARY = "----every-route";

    void uploadARecordFileSoThatThereIsAnImportToFollow() throws Exception {
        mvc.perform(post("/records/imports").contentType("multipart/form-data; boundary=" + BOUNDARY)
                        .content(recordFileUpload("2019-03-metropolitan-stop-and-search.csv")).with(csrf().asHeader())
                        .cookie(sessions.get(TestAccounts.ANALYST)))
                .andExpect(status().isFound());
    }

    /** A multipart body with one police.uk file of one record, named {@code name} (which says its force and month). */
    static byte[] recordFileUpload(String name) {
        String month = name.substring(0, 7);
        String file = "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
                + "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
                + "Outcome linked to object of search,Removal of more than just outer clothing\r\n"
                + "Person search," + month + "-01T10:00:00+00:00,False,,51.455989,-0.043536,Male,10-17,,Black,"
                + "Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action disposal,,\r\n";
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + file + "\r\n--" + BOUNDARY + "--\r\n";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
