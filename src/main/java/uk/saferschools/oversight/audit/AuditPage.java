package uk.saferschools.oversight.audit;

import java.util.List;

/** A page of audit entries, newest first. Pages count from 1. */
record AuditPage(List<AuditEntry> entries, long total, int page, int pageSize) {

    public int pages() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }
}
