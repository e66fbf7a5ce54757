package uk.saferschools.oversight.analysis;

import java.util.Map;
import java.util.TreeMap;
import uk.saferschools.oversight.classification.EthnicGroup;

/** Events by area and group (the five groups, then unknown), filled one record at a time. */
final class GroupCounts {

    static final int UNKNOWN = EthnicGroup.values().length;

    private final Map<String, long[]> byArea = new TreeMap<>();

    void add(String area, EthnicGroup group) {
        byArea.computeIfAbsent(area, a -> new long[UNKNOWN + 1])[group == null ? UNKNOWN : group.ordinal()]++;
    }

    void add(String area, int index, long events) {
        byArea.computeIfAbsent(area, a -> new long[UNKNOWN + 1])[index] += events;
    }

    long[] of(String area) {
        return byArea.getOrDefault(area, new long[UNKNOWN + 1]);
    }

    Iterable<String> areas() {
        return byArea.keySet();
    }
}
