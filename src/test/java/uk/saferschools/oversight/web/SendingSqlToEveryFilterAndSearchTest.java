package uk.saferschools.oversight.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPatternParser;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.SignIn;

/**
 * SQL metacharacters sent to every filter and search of the application change nothing. The parameters
 * are found from the running application ({@link FiltersAndSearches}: what each GET handler binds, and the
 * fields of every form sent with GET), and each is sent, by someone the role table lets use its page, an
 * ordinary value that matches nothing and then each payload. A payload never gets a 500 or a stack trace;
 * it gets the same answer as the ordinary value (a {@code %} matches no more than any other text, a quote
 * ends nothing), apart from the value itself shown back; and no table of the database has changed.
 */
@OversightTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendingSqlToEveryFilterAndSearchTest {

    static final String ORDINARY = "zzqx-matches-nothing";

    /**
     * The tautologies compare words that match nothing ({@code 'zzqx'='zzqx'} rather than {@code '1'='1'}): a
     * search reads its text as web search syntax (or, a leading minus, double quotes), rightly, so a payload
     * whose words are real would find what those words find, and would prove nothing either way.
     */
    static final List<String> PAYLOADS = List.of("zzqx' OR 'zzqx'='zzqx", "'; drop table stop_search; --", "%", "_", "\\", "\"",
            ")", "1 or 1=1", "x\u0000y", "zzqx%' or 'zzqx'='zzqx' --", "x".repeat(10_000));

    /** Tables that move on their own (sessions, the job scheduler's heartbeats, events between modules). */
    static final Set<String> MOVING = Set.of("spring_session", "spring_session_attributes", "scheduled_tasks",
            "event_publication");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    final Map<String, Cookie> sessions = new LinkedHashMap<>();

    @BeforeAll
    void signIn() throws Exception {
        for (String account : TryingEveryRouteAsEveryRoleTest.ACCOUNTS.keySet()) {
            sessions.put(account, SignIn.as(mvc, account));
        }
    }

    /** Every parameter found, as {@code GET pattern} with its names, from the handlers and the GET forms of every page. */
    Map<String, Set<String>> everyFilterAndSearch() throws Exception {
        Map<String, Set<String>> found = new TreeMap<>(FiltersAndSearches.ofHandlers(context));
        for (RoutesByRole.Rule rule : TryingEveryRouteAsEveryRoleTest.TABLE.rules().values()) {
            if (!"GET".equals(rule.method()) || rule.success() != 200) {
                continue;
            }
            var response = send(rule, TryingEveryRouteAsEveryRoleTest.fill(jdbc, rule.example()));
            if (!String.valueOf(response.getContentType()).startsWith("text/html")) {
                continue;
            }
            FiltersAndSearches.ofForms(response.getContentAsString(StandardCharsets.UTF_8)).forEach((action, names) -> {
                String route = routeOf(action);
                assertThat(route).as("the route a GET form on " + rule.route() + " is sent to: " + action).isNotNull();
                found.computeIfAbsent(route, k -> new TreeSet<>()).addAll(names);
            });
        }
        return found;
    }

    static String routeOf(String path) {
        return TryingEveryRouteAsEveryRoleTest.TABLE.rules().keySet().stream()
                .filter(route -> route.startsWith("GET "))
                .filter(route -> PathPatternParser.defaultInstance.parse(route.substring(4)).matches(PathContainer.parsePath(path)))
                // the most specific pattern first, as Spring chooses
                .min(Comparator.comparing(route -> PathPatternParser.defaultInstance.parse(route.substring(4))))
                .orElse(null);
    }

    /** Lone characters that stored text may hold, so that a filter for them rightly finds something. */
    static final Set<String> LITERAL_IN_TEXT = Set.of("_", ")");
    /** A value that matches every entry: the filter left empty. */
    static final String EVERYTHING = "";

    /** The page without what its form fields hold (the value sent, shown back) or its CSRF token. */
    static String withoutValues(String page) {
        return withoutCsrfToken(page).replaceAll("value=\"[^\"]*\"", "value=\"\"");
    }

    MockHttpServletResponse sendQuietly(RoutesByRole.Rule rule, String name, String value) {
        try {
            return send(rule, with(rule, name, value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sent by the first account the table lets use the route, or anonymously on a public one. */
    MockHttpServletResponse send(RoutesByRole.Rule rule, String path) throws Exception {
        MockHttpServletRequestBuilder request = get(java.net.URI.create(path));
        if (!rule.isPublic()) {
            String who = TryingEveryRouteAsEveryRoleTest.ACCOUNTS.entrySet().stream().filter(a -> rule.allows(a.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            request.cookie(sessions.get(who));
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    /** The example's path and query, with {@code name} set to {@code value} (the other fields as the example gives them). */
    String with(RoutesByRole.Rule rule, String name, String value) throws Exception {
        String[] parts = TryingEveryRouteAsEveryRoleTest.fill(jdbc, rule.example()).split("\\?", 2);
        Map<String, String> fields = new LinkedHashMap<>();
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                String[] field = pair.split("=", 2);
                fields.put(field[0], field.length > 1 ? field[1] : "");
            }
        }
        fields.put(name, value);
        StringBuilder query = new StringBuilder();
        // %20 for a space, not +: MockMvc decodes the query as a URI's, as a server does for %-escapes
        fields.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(encoded(k)).append('=').append(encoded(v)));
        return UriUtils.encodePath(parts[0], StandardCharsets.UTF_8) + query;
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The ways a value is written back in a page, a link or a JSON document, longest first. */
    static List<String> writtenAs(String value) {
        Set<String> forms = new TreeSet<>(Comparator.comparing(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (String v : List.of(value, value.strip())) {
            forms.addAll(List.of(v, HtmlUtils.htmlEscape(v), HtmlUtils.htmlEscape(v).replace("&#39;", "&#x27;"),
                    v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;"),
                    URLEncoder.encode(v, StandardCharsets.UTF_8), encoded(v), UriUtils.encodeQueryParam(v, StandardCharsets.UTF_8),
                    v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000")));
        }
        forms.remove("");
        return new ArrayList<>(forms);
    }

    /** A page's CSRF token is new on every page. */
    static String withoutCsrfToken(String body) {
        return body.replaceAll("name=\"_csrf\" (value|content)=\"[^\"]*\"", "name=\"_csrf\"").replaceAll("_csrf=[A-Za-z0-9_-]+", "_csrf=");
    }

    /**
     * Null when {@code got}, the answer to {@code sent}, is {@code expected}, the answer to {@code expectedValue},
     * but for the value itself written back (however escaped or encoded) where the other was; else where
     * they first differ.
     */
    static String difference(String expected, String expectedValue, String got, String sent) {
        expected = withoutCsrfToken(expected);
        got = withoutCsrfToken(got);
        String[] segments = Pattern.compile(writtenAs(expectedValue).stream().map(Pattern::quote).collect(Collectors.joining("|")))
                .split(expected, -1);
        List<String> sentAs = writtenAs(sent);
        if (!got.startsWith(segments[0])) {
            return firstDifference(got, expected, 0);
        }
        int at = segments[0].length();
        for (int i = 1; i < segments.length; i++) {
            boolean found = false;
            for (String form : sentAs) {
                boolean last = i == segments.length - 1;
                if (got.startsWith(form, at) && (last ? got.substring(at + form.length()).equals(segments[i])
                        : got.startsWith(segments[i], at + form.length()))) {
                    at += form.length() + segments[i].length();
                    found = true;
                    break;
                }
            }
            if (!found) {
                return firstDifference(got, expected, at);
            }
        }
        return at == got.length() ? null : firstDifference(got, expected, at);
    }

    static String firstDifference(String got, String expected, int near) {
        return "«" + got.substring(Math.max(0, near - 60), Math.min(got.length(), near + 100)).replace("\u0000", "\\0") + "»";
    }

    /**
     * What the payload is to be compared with: the ordinary value matching nothing, or, when the payload holds
     * words (letters or digits, which a search rightly looks for), those words without the metacharacters.
     */
    static String counterpart(String payload) {
        String words = payload.replaceAll("[^\\p{L}\\p{N} ]", " ");
        return words.isBlank() ? ORDINARY : words;
    }

    /** Each table's rows and a digest of its content; of the audit trail, the entries there before. */
    Map<String, String> everyTable() {
        Map<String, String> tables = new TreeMap<>();
        for (String table : jdbc.sql("select tablename from pg_tables where schemaname = current_schema()").query(String.class).list()) {
            if (MOVING.contains(table) || table.startsWith("flyway")) {
                tables.put(table, "(moves on its own)");
                continue;
            }
            tables.put(table, jdbc.sql("select count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') "
                    + "from \"" + table + "\" t").query(String.class).single());
        }
        return tables;
    }

    @Test
    void sql_metacharacters_in_every_filter_and_search_change_nothing() throws Exception {
        Map<String, Set<String>> parameters = everyFilterAndSearch();
        // the check is only worth what it sends: the searches and filters known today must be among those found
        assertThat(parameters).containsKeys("GET /search", "GET /audit");
        assertThat(parameters.get("GET /search")).contains("q");
        assertThat(parameters.get("GET /audit")).contains("actor", "action", "subject", "from", "to", "page");
        waitForBackgroundWorkToFinish();
        Map<String, String> before = everyTable();

        List<String> wrong = new ArrayList<>();
        int sent = 0;
        int refused = 0;
        for (var entry : parameters.entrySet()) {
            RoutesByRole.Rule rule = TryingEveryRouteAsEveryRoleTest.TABLE.rules().get(entry.getKey());
            assertThat(rule).as("a line of routes-by-role.csv for " + entry.getKey()).isNotNull();
            for (String name : entry.getValue()) {
                Map<String, MockHttpServletResponse> counterparts = new LinkedHashMap<>();
                for (String payload : PAYLOADS) {
                    String counterpart = counterpart(payload);
                    MockHttpServletResponse ordinary = counterparts.get(counterpart);
                    if (ordinary == null) {
                        ordinary = send(rule, with(rule, name, counterpart));
                        counterparts.put(counterpart, ordinary);
                    }
                    sent++;
                    String label = entry.getKey() + " " + name + "=" + abbreviated(payload).replace("\u0000", "\\0");
                    MockHttpServletResponse answer;
                    try {
                        answer = send(rule, with(rule, name, payload));
                    } catch (Exception e) {
                        wrong.add(label + ": failed with " + TryingEveryRouteAsEveryRoleTest.rootCause(e));
                        continue;
                    }
                    String body = answer.getContentAsString(StandardCharsets.UTF_8);
                    if (answer.getStatus() >= 500) {
                        wrong.add(label + ": " + answer.getStatus());
                    } else if (body.matches("(?s).*(Exception|\\bat (org|uk|java)\\.[a-z]|SQLState|syntax error at or near).*")) {
                        wrong.add(label + ": the answer shows an error from inside");
                    } else if (answer.getStatus() == 400 && (body.contains("there is a problem with your request")
                            || answer.getErrorMessage() != null && answer.getErrorMessage().contains("no text may hold"))) {
                        // (MockMvc renders no error page for a status sent by a filter: its message is what the page shows)
                        // a clear refusal, with the service's page saying so
                        refused++;
                    } else if (answer.getStatus() != ordinary.getStatus()) {
                        wrong.add(label + ": " + answer.getStatus() + ", where «" + counterpart + "» gets " + ordinary.getStatus());
                    } else {
                        String difference = difference(ordinary.getContentAsString(StandardCharsets.UTF_8), counterpart, body, payload);
                        if (difference != null && LITERAL_IN_TEXT.contains(payload)) {
                            // a lone _ or ) may be in stored text (an audit subject), which it then rightly finds:
                            // wrong only if it finds what a filter that matches everything finds (a wildcard let through)
                            MockHttpServletResponse everything = counterparts.computeIfAbsent(EVERYTHING, v -> sendQuietly(rule, name, v));
                            if (!withoutValues(everything.getContentAsString(StandardCharsets.UTF_8)).equals(withoutValues(body))) {
                                difference = null;
                            }
                        }
                        if (difference != null) {
                            wrong.add(label + ": answered otherwise than «" + abbreviated(counterpart) + "», first at " + difference);
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("filters and searches that answer SQL metacharacters otherwise than any other value").isEmpty();
        assertThat(sent).as("payloads sent").isGreaterThanOrEqualTo(PAYLOADS.size() * 8);
        assertThat(refused).as("payloads refused with 400 rather than answered like any other value").isLessThan(sent / 2);
        assertThat(everyTable()).as("every table after " + sent + " payloads").isEqualTo(before);
    }

    static String abbreviated(String value) {
        return value.length() > 40 ? value.length() + " characters" : value;
    }

    /** An import or analysis another test started, still writing, would change the tables without any payload. */
    void waitForBackgroundWorkToFinish() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            long running = jdbc.sql("select (select count(*) from record_import_job where finished_at is null)"
                    + " + (select count(*) from scheduled_tasks where picked)").query(Long.class).single();
            if (running == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
