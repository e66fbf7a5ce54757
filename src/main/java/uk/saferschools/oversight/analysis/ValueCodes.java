package uk.saferschools.oversight.analysis;

import java.util.Arrays;

/**
 * Remembers what a field's raw bytes mean (a small code), so that a value seen once is never decoded
 * or classified again. An open-addressing table keyed by byte sequences; it grows with the number of
 * distinct values (a few dozen labels, or the snap points of a force), never with the number of
 * records. Not thread-safe: one per counting thread.
 */
final class ValueCodes {

    /** What {@link #find} answers for a value not seen before. */
    static final int UNSEEN = Integer.MIN_VALUE;

    private byte[][] keys = new byte[64][];
    private int[] codes = new int[64];
    private int[] hashes = new int[64];
    private int size;

    int find(byte[] buffer, int start, int end) {
        int hash = hash(buffer, start, end);
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                return UNSEEN;
            }
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, buffer, start, end)) {
                return codes[slot];
            }
        }
    }

    void put(byte[] buffer, int start, int end, int code) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(Arrays.copyOfRange(buffer, start, end), hash(buffer, start, end), code);
        size++;
    }

    private void insert(byte[] key, int hash, int code) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = hash;
        codes[slot] = code;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldCodes = codes;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        codes = new int[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldCodes[i]);
            }
        }
    }

    /**
     * A cheap hash of the length and up to eight bytes at each end: the labels of a field differ there
     * ("… - Caribbean", "… - African"); a collision only costs a comparison.
     */
    private static int hash(byte[] buffer, int start, int end) {
        int hash = end - start;
        int head = Math.min(end, start + 8);
        for (int i = start; i < head; i++) {
            hash = 31 * hash + buffer[i];
        }
        for (int i = Math.max(head, end - 8); i < end; i++) {
            hash = 31 * hash + buffer[i];
        }
        return hash ^ (hash >>> 16);
    }
}
