package uk.saferschools.oversight.audit;

import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

/** What an auditor narrows the trail to; every part optional. Dates are inclusive, in UTC. */
record AuditFilter(String actor, String action, String subject,
                          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
}
