package uk.saferschools.oversight.records;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Rows in PostgreSQL's binary COPY format (PostgreSQL documentation, "COPY", section "Binary Format"):
 * typed values go straight into the table, without the server parsing text. Built up in memory,
 * handed over a chunk at a time with {@link #drain}.
 */
final class BinaryCopy {

    /** The file header: signature, flags, header extension length. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** The file trailer: a field count of -1. */
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    /** PostgreSQL counts dates and timestamps from 2000-01-01. */
    private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400L;

    private byte[] buffer = new byte[1 << 19];
    private int length;
    private final Map<String, byte[]> encoded = new HashMap<>();

    int size() {
        return length;
    }

    /** The bytes so far, leaving the buffer empty. */
    byte[] drain() {
        byte[] chunk = Arrays.copyOf(buffer, length);
        length = 0;
        return chunk;
    }

    BinaryCopy raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    BinaryCopy row(int fields) {
        ensure(2);
        buffer[length++] = (byte) (fields >>> 8);
        buffer[length++] = (byte) fields;
        return this;
    }

    BinaryCopy nullField() {
        return int32(-1);
    }

    BinaryCopy bigint(long value) {
        return int32(8).int64(value);
    }

    BinaryCopy integer(int value) {
        return int32(4).int32(value);
    }

    BinaryCopy float8(Double value) {
        return value == null ? nullField() : int32(8).int64(Double.doubleToLongBits(value));
    }

    BinaryCopy bool(Boolean value) {
        if (value == null) {
            return nullField();
        }
        int32(1);
        ensure(1);
        buffer[length++] = (byte) (value ? 1 : 0);
        return this;
    }

    BinaryCopy date(LocalDate value) {
        return int32(4).int32((int) (value.toEpochDay() - POSTGRES_EPOCH_DAY));
    }

    /** A timestamptz, from seconds since 1970 UTC. */
    BinaryCopy timestamp(long epochSecond) {
        return int32(8).int64((epochSecond - POSTGRES_EPOCH_SECOND) * 1_000_000L);
    }

    /** Text in UTF-8; the few distinct labels of a file are encoded once. */
    BinaryCopy text(String value) {
        if (value == null) {
            return nullField();
        }
        byte[] bytes = value.length() <= 120 ? encoded.computeIfAbsent(value, v -> v.getBytes(StandardCharsets.UTF_8))
                : value.getBytes(StandardCharsets.UTF_8);
        if (encoded.size() > 10_000) {
            encoded.clear();
        }
        int32(bytes.length);
        return raw(bytes);
    }

    private BinaryCopy int32(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
        return this;
    }

    private BinaryCopy int64(long value) {
        int32((int) (value >>> 32));
        return int32((int) value);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
