package uk.saferschools.oversight.publication;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Values by key, bounded by their total size in bytes rather than by their number: when a new value would
 * take the total over the bound, the values used least recently go first, one at a time, so that a flood
 * of new keys pushes out only the oldest values and never empties the whole store at once. A value larger
 * than the bound on its own is not kept.
 */
final class LeastRecentlyUsed<V> {

    private final long mostBytes;
    private final ToLongFunction<V> size;
    private final LinkedHashMap<String, V> values = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    LeastRecentlyUsed(long mostBytes, ToLongFunction<V> size) {
        this.mostBytes = mostBytes;
        this.size = size;
    }

    synchronized V get(String key) {
        return values.get(key);
    }

    synchronized void put(String key, V value) {
        long added = size.applyAsLong(value);
        V replaced = values.remove(key);
        if (replaced != null) {
            bytes -= size.applyAsLong(replaced);
        }
        if (added > mostBytes) {
            return;
        }
        Iterator<Map.Entry<String, V>> oldestFirst = values.entrySet().iterator();
        while (bytes + added > mostBytes && oldestFirst.hasNext()) {
            bytes -= size.applyAsLong(oldestFirst.next().getValue());
            oldestFirst.remove();
        }
        values.put(key, value);
        bytes += added;
    }

    /** The total size of the values kept now. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return values.size();
    }
}
