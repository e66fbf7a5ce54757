package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Published content computed once per version of the data: the version is the head of the audit trail
 * (every change the product makes writes an entry) and the London date (overdue flags change at
 * midnight). A request for unchanged content costs one indexed query. Only for the public answers of
 * the open data API and the dashboard, which show what the anonymous public sees, whoever asks.
 */
@Component
class PublishedContentCache {

    private static final int MOST_ENTRIES = 500;

    private record Entry(String version, Object value) {
    }

    private final AuditTrail auditTrail;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    PublishedContentCache(AuditTrail auditTrail) {
        this.auditTrail = auditTrail;
    }

    /** The version of the published data now: the head of the audit trail and the London date. */
    String version() {
        return auditTrail.head() + "/" + LocalDate.now(LondonTime.LONDON);
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        String version = version();
        Entry entry = entries.get(key);
        if (entry != null && entry.version().equals(version)) {
            return (T) entry.value();
        }
        T value = compute.get();
        if (entries.size() >= MOST_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(version, value));
        return value;
    }
}
