package uk.saferschools.oversight.publication;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Published content computed once per version of what the public sees. The version is the latest audit
 * entry of a change that alters a public page or answer ({@link #PUBLIC_CHANGES}) and the London date
 * (overdue flags and terms of membership change at midnight). Sign-ins, failed sign-ins, drafts, comments,
 * imports, analyses and the inbox do not move it: they change nothing the public sees, and the time of
 * them is not the public's to know (public answers give {@link #changedAt()} as their Last-Modified).
 * A request for unchanged content costs one indexed query. Only for public answers, which show what the
 * anonymous public sees, whoever asks.
 * <p>
 * A GET or HEAD request reads the version once, at its first use, and keeps it as a request attribute:
 * the kept-copy filter, the Last-Modified filter and the page's own {@link #get} then agree on one
 * version and cost one query between them, not one each. A request that may change content (any other
 * method) reads it afresh at every use, so it never sees a version from before its own change.
 */
@Component
class PublishedContentCache {

    /**
     * Every audit action that changes what a public page or the open data API shows, by the module that
     * records it. A new public page, or a public page that comes to show something new, must add the
     * actions that change it here: {@code PublicVersionMovesOnlyWithPublicContentTest} checks both directions.
     * <ul>
     * <li>publication: a publication, the schedule ({@code /data}, {@code /publications}, {@code /schedule},
     *     {@code /scrutiny}, {@code /questions}, the API);</li>
     * <li>panel papers: a paper made public ({@code /documents}, {@code /meetings/{id}});</li>
     * <li>meetings: a meeting, its agenda and attendance (shown with the published minutes), published minutes;</li>
     * <li>members: a member, a confirmed declaration ({@code /members}, {@code /about}, {@code /questions});</li>
     * <li>terms of reference: the public notice names the latest draft's number, state and last change,
     *     and the approved version is shown in full;</li>
     * <li>body-worn video scrutiny: findings of a quarter published, reviewers' words approved ({@code /scrutiny},
     *     {@code /questions}, the API);</li>
     * <li>recommendations: issued (any status change but to "agreed", which is the panel's own) and the
     *     police responses to them.</li>
     * </ul>
     */
    static final List<AuditTrail.Kind> PUBLIC_CHANGES = List.of(
            AuditTrail.Kind.of("ANALYSIS_PUBLISHED"), AuditTrail.Kind.of("PUBLICATION_PROPOSAL_PUBLISHED"),
            AuditTrail.Kind.of("PUBLICATION_SCHEDULED"), AuditTrail.Kind.of("PUBLICATION_SCHEDULE_FULFILLED"),
            AuditTrail.Kind.of("PAPER_PUBLISHED"),
            AuditTrail.Kind.of("MEETING_ARRANGED"), AuditTrail.Kind.of("AGENDA_ITEM_ADDED"),
            AuditTrail.Kind.of("ATTENDANCE_RECORDED"), AuditTrail.Kind.of("MINUTES_PUBLISHED"),
            AuditTrail.Kind.of("MEMBER_ADDED"), AuditTrail.Kind.of("DECLARATION_CONFIRMED"),
            AuditTrail.Kind.of("TOR_DRAFT_STARTED"), AuditTrail.Kind.of("TOR_SECTION_EDITED"),
            AuditTrail.Kind.of("TOR_CONSULTATION"), AuditTrail.Kind.of("TOR_DRAFT"), AuditTrail.Kind.of("TOR_APPROVED"),
            new AuditTrail.Kind("RECOMMENDATION_STATUS", "OPEN"), new AuditTrail.Kind("RECOMMENDATION_STATUS", "IN_PROGRESS"),
            new AuditTrail.Kind("RECOMMENDATION_STATUS", "IMPLEMENTED"), new AuditTrail.Kind("RECOMMENDATION_STATUS", "CLOSED"),
            new AuditTrail.Kind("RECOMMENDATION_STATUS", "NOT_ACCEPTED"), AuditTrail.Kind.of("RECOMMENDATION_ANSWERED"),
            AuditTrail.Kind.of("BWV_FINDINGS_PUBLISHED"), AuditTrail.Kind.of("BWV_WORDS_APPROVED"));

    /** Enough for every publication's page, findings and PDF several times over. */
    private static final long MOST_BYTES = 64L * 1024 * 1024;

    /** One version of what the public sees: its version string, and when it last changed. */
    record Version(String id, Instant changedAt) {
    }

    private record Entry(String version, Object value) {
    }

    private final AuditTrail auditTrail;
    private final Clock clock;
    private final LeastRecentlyUsed<Entry> entries = new LeastRecentlyUsed<>(MOST_BYTES, e -> sizeOf(e.value()));

    PublishedContentCache(AuditTrail auditTrail) {
        this.auditTrail = auditTrail;
        this.clock = Clock.systemUTC();
    }

    /**
     * What the public sees now: the latest public change (its sequence number in the audit trail) and the
     * London date; changed at that change or at the start of today in London, whichever is later.
     */
    Version now() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return now(servlet.getRequest());
        }
        return read();
    }

    /** The version of what the public sees for this request: read once for a GET or HEAD request, afresh otherwise. */
    Version now(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return read();
        }
        if (request.getAttribute(REQUEST_VERSION) instanceof Version version) {
            return version;
        }
        Version version = read();
        request.setAttribute(REQUEST_VERSION, version);
        return version;
    }

    /** The request attribute that keeps the version a GET or HEAD request read. */
    private static final String REQUEST_VERSION = PublishedContentCache.class.getName() + ".version";

    private Version read() {
        LocalDate today = LocalDate.now(clock.withZone(LondonTime.LONDON));
        Instant startOfToday = today.atStartOfDay(LondonTime.LONDON).toInstant();
        var latest = auditTrail.latestOf(PUBLIC_CHANGES);
        Instant changed = latest.map(AuditTrail.Mark::occurredAt).filter(at -> at.isAfter(startOfToday)).orElse(startOfToday);
        return new Version(latest.map(AuditTrail.Mark::sequenceNo).orElse(0L) + "/" + today, changed);
    }

    /** The version of what the public sees now. */
    String version() {
        return now().id();
    }

    /** The version of what the public sees for this request. */
    String version(HttpServletRequest request) {
        return now(request).id();
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        String version = version();
        Entry entry = entries.get(key);
        if (entry != null && entry.version().equals(version)) {
            return (T) entry.value();
        }
        T value = compute.get();
        entries.put(key, new Entry(version, value));
        return value;
    }

    /** Bytes and text by their length; anything else (a page's model) as a generous guess. */
    private static long sizeOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return 2L * text.length();
        }
        return 256 * 1024;
    }
}
