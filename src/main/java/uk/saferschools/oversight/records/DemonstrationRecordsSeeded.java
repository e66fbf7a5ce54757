package uk.saferschools.oversight.records;

import org.springframework.modulith.NamedInterface;

/**
 * The demonstration records are in place, imported just now or on an earlier start (ADR 0005): published
 * by {@link DemonstrationRecords} after it has heard {@code DemonstrationAccountsReady}. The demonstration
 * publications, which analyse these records, are seeded on hearing it.
 */
@NamedInterface("events")
public record DemonstrationRecordsSeeded() {
}
