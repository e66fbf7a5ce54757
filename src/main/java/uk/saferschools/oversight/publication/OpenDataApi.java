package uk.saferschools.oversight.publication;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.panel.Meetings;
import uk.saferschools.oversight.panel.Members;
import uk.saferschools.oversight.panel.Recommendations;
import uk.saferschools.oversight.scrutiny.ReviewFindings;
import uk.saferschools.oversight.web.LondonTime;
import uk.saferschools.oversight.web.SafeCsv;

/**
 * The open data API: published content only, as the anonymous public sees it, disclosure-controlled;
 * JSON, or CSV with {@code Accept: text/csv} or a {@code .csv} suffix. Described in
 * {@code /api/v1/openapi.json} and, for people, on {@code /api}.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("permitAll()")
class OpenDataApi {

    private final Publications publications;
    private final Recommendations recommendations;
    private final Meetings meetings;
    private final Members members;
    private final PublishedContentCache cache;
    private final ReviewFindings reviewFindings;

    OpenDataApi(Publications publications, Recommendations recommendations, Meetings meetings, Members members,
                PublishedContentCache cache, ReviewFindings reviewFindings) {
        this.cache = cache;
        this.reviewFindings = reviewFindings;
        this.publications = publications;
        this.recommendations = recommendations;
        this.meetings = meetings;
        this.members = members;
    }

    @GetMapping({"/publications", "/publications.csv"})
    ResponseEntity<?> publications(HttpServletRequest request) {
        return answer(cache.get("api:publications", () -> publications.published().stream().map(p -> {
            PublishedPeriod period = publications.tables(p).period();
            return row("id", p.id(), "title", p.title(), "summary", p.summary(), "who", p.settings(),
                    "period_from", p.periodFrom(), "period_to", p.periodTo(), "months_held", months(period, true),
                    "months_missing", months(period, false), "published_at", p.publishedAt(),
                    "demonstration", p.demonstration(), "figures", "/api/v1/publications/" + p.id() + "/figures");
        }).toList()), wantsCsv(request), "publications");
    }

    @GetMapping({"/publications/{id}/figures", "/publications/{id}/figures.csv"})
    ResponseEntity<?> figures(@PathVariable long id, HttpServletRequest request) {
        // only a publication that exists is kept, so no id fills the cache
        Publications.Publication p = cache.get("publications", publications::published).stream().filter(x -> x.id() == id)
                .findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return answer(cache.get("api:figures:" + id, () -> {
            PublishedTables tables = publications.tables(p);
            return tables.figures().stream().map(f -> row(
                    "area_code", f.areaCode(), "group", f.group(), "events", f.events(), "population", f.population(),
                    "rate_per_1000", f.ratePer1000(), "rate_ratio", f.rateRatio(), "ci_lower", f.ciLower(), "ci_upper", f.ciUpper(),
                    "reliability", f.reliability(), "rate_per_1000_a_year", tables.ratePerYear(f.ratePer1000()),
                    "months_held", tables.monthsHeld(), "ages", tables.agesCovered())).toList();
        }), wantsCsv(request), "figures-" + id);
    }

    /**
     * The published findings of the panel's body-worn video reviews: each quarter's figures, and those of every
     * quarter published to date as of each publication, every count protected (ADR 0017).
     */
    @GetMapping({"/scrutiny/findings", "/scrutiny/findings.csv"})
    ResponseEntity<?> scrutinyFindings(HttpServletRequest request) {
        return answer(cache.get("api:scrutiny-findings", () -> {
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (ReviewFindings.Published p : reviewFindings.published()) {
                p.figures().forEach(f -> rows.add(row("quarter", p.quarter(), "of", "quarter", "split", f.split(), "finding", f.measure(),
                        "encounters", f.count(), "share", f.share(), "synthetic", p.synthetic(), "published_at", p.publishedAt().toInstant(),
                        "note", ReviewFindings.PERTURBED)));
                p.toDate().forEach(f -> rows.add(row("quarter", p.quarter(), "of", "quarters to date: " + String.join(" ", p.quartersToDate()),
                        "split", f.split(), "finding", f.measure(), "encounters", f.count(), "share", f.share(), "synthetic", p.synthetic(),
                        "published_at", p.publishedAt().toInstant(), "note", ReviewFindings.PERTURBED)));
            }
            return rows;
        }), wantsCsv(request), "scrutiny-findings");
    }

    @GetMapping({"/recommendations", "/recommendations.csv"})
    ResponseEntity<?> recommendations(HttpServletRequest request) {
        return answer(cache.get("api:recommendations", () -> recommendations.visibleTo(Actor.ANONYMOUS).stream().map(r -> row(
                "reference", r.reference(), "title", r.title(), "recommendation", r.text().body(), "status", r.status().name(),
                "issued_at", r.issuedAt(), "response_due", r.responseDue(), "overdue", r.overdue(),
                "police_decision", r.response().map(x -> x.decision().name()).orElse(null),
                "police_reasons", r.response().map(Recommendations.Response::reasons).orElse(null),
                "action_plan", r.response().map(x -> String.join("; ", x.actions().stream()
                        .map(a -> a.action() + " (by " + a.dueOn() + ")").toList())).orElse(null),
                "demonstration", r.demonstration())).toList()), wantsCsv(request), "recommendations");
    }

    @GetMapping({"/meetings", "/meetings.csv"})
    ResponseEntity<?> meetings(HttpServletRequest request) {
        return answer(cache.get("api:meetings", () -> meetings.all(Actor.ANONYMOUS).stream().map(m -> row(
                "id", m.id(), "title", m.title(), "starts_at", m.startsAt(), "place", m.place(), "online", m.online(),
                "agenda", String.join("; ", m.agenda().stream().map(Meetings.AgendaItem::title).toList()),
                "minutes_published", m.minutesState() == Meetings.MinutesState.PUBLISHED,
                "minutes", m.minutes().map(Meetings.Minutes::body).orElse(null),
                "demonstration", m.demonstration())).toList()), wantsCsv(request), "meetings");
    }

    @GetMapping({"/members", "/members.csv"})
    ResponseEntity<?> members(HttpServletRequest request) {
        return answer(cache.get("api:members", () -> members.servingOn(LocalDate.now(LondonTime.LONDON), true).stream().map(m -> row(
                "name", m.name(), "organisation", m.organisation().name(), "organisation_type", m.organisation().type().name(),
                "role", m.role().name(), "member_since", m.termFrom(), "term_ends", m.termTo(),
                "declaration", m.declaration().map(Members.Declaration::text).orElse(null),
                "declared_on", m.declaration().map(Members.Declaration::declaredOn).orElse(null),
                "demonstration", m.demonstration())).toList()), wantsCsv(request), "members");
    }

    /**
     * CSV for an address ending in {@code .csv} or when an {@code Accept} header names {@code text/csv}: every
     * Accept header of the request, not only the first, so that the answer and the key it is kept under
     * ({@link AnonymousResponseCache}) are decided by this one reading of the request.
     */
    static boolean wantsCsv(HttpServletRequest request) {
        if (request.getRequestURI().endsWith(".csv")) {
            return true;
        }
        var accepts = request.getHeaders(HttpHeaders.ACCEPT);
        while (accepts != null && accepts.hasMoreElements()) {
            if (accepts.nextElement().toLowerCase(Locale.ROOT).contains("text/csv")) {
                return true;
            }
        }
        return false;
    }

    /** The months of a publication's period with records held (or with none), as "2022-03 2022-04"; empty when not known. */
    private static String months(PublishedPeriod period, boolean held) {
        return period == null ? "" : String.join(" ", (held ? period.held() : period.missing()).stream().map(Object::toString).toList());
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            row.put((String) pairs[i], value instanceof TemporalAccessor ? value.toString() : value);
        }
        return row;
    }

    private static ResponseEntity<?> answer(List<Map<String, Object>> rows, boolean csv, String name) {
        CacheControl cache = CacheControl.maxAge(60, TimeUnit.SECONDS).cachePublic();
        // the same address is JSON or CSV by the Accept header: a shared cache must keep them apart
        if (!csv) {
            return ResponseEntity.ok().cacheControl(cache).varyBy(HttpHeaders.ACCEPT).contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        StringBuilder text = new StringBuilder();
        if (!rows.isEmpty()) {
            text.append(String.join(",", rows.get(0).keySet())).append('\n');
            for (Map<String, Object> row : rows) {
                text.append(String.join(",", row.values().stream().map(v -> SafeCsv.cell(v == null ? "" : v.toString())).toList()))
                        .append('\n');
            }
        }
        return ResponseEntity.ok().cacheControl(cache).varyBy(HttpHeaders.ACCEPT).contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                .body(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
