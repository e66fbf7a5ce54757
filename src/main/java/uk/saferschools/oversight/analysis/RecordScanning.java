package uk.saferschools.oversight.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.geography.BoroughBoundaries;
import uk.saferschools.oversight.records.Children;
import uk.saferschools.oversight.records.PoliceUkVocabulary;

/**
 * Reads police.uk stop-and-search files byte by byte (RFC 4180: quoted fields may hold commas, doubled
 * quotes and line breaks) and counts only the fields the analysis needs. A field's bytes are classified
 * the first time they are seen and remembered ({@link ValueCodes}), so a record costs one pass over its
 * bytes and no objects. Memory is a buffer per thread and the remembered values: it does not grow with
 * the number of records.
 *
 * <p>A large file is cut at line starts into one part per thread. A line break can sit inside a quoted
 * field, so each cut is checked: the part before it must end exactly at the cut, having read from the
 * file's start with the quoting known. If it does not, or a part finds a problem, the file is counted
 * again from its start by one thread, which also gives the exact line of any problem.
 */
final class RecordScanning {

    static final int FIELDS = 15;
    private static final int BUFFER_BYTES = 1 << 20;
    private static final int LARGEST_RECORD_BYTES = 1 << 26;
    private static final int TYPE = 0;
    private static final int LATITUDE = 4;
    private static final int LONGITUDE = 5;
    private static final int AGE = 7;
    private static final int SELF_DEFINED = 8;
    private static final int OFFICER_DEFINED = 9;
    private static final int OUTCOME = 12;
    private static final int LINKED = 13;
    private static final int MORE_THAN_OUTER = 14;
    private static final int NOT_LOCATED = -1;

    /** A file's problem, with the physical line (from 1) where the record starts. */
    static final class BadRecord extends RuntimeException {
        BadRecord(Path file, long line, String problem) {
            super(file + " line " + line + ": " + problem);
        }
    }

    /** The counts of one file or one part of it. */
    static final class Tally {
        final long[] groups = new long[GroupCounts.UNKNOWN + 1];
        final RecordCounting.Stages stages = RecordCounting.Stages.empty();
        final long[][] boroughs;
        long records;
        long vehicles;
        long endedAt;

        Tally(int boroughCount) {
            boroughs = new long[boroughCount][];
        }

        void add(Tally other) {
            records += other.records;
            vehicles += other.vehicles;
            for (int g = 0; g < groups.length; g++) {
                groups[g] += other.groups[g];
            }
            stages.add(other.stages);
            for (int b = 0; b < boroughs.length; b++) {
                if (other.boroughs[b] != null) {
                    long[] row = boroughs[b] == null ? (boroughs[b] = new long[groups.length]) : boroughs[b];
                    for (int g = 0; g < row.length; g++) {
                        row[g] += other.boroughs[b][g];
                    }
                }
            }
        }
    }

    /** What each thread remembers of the values it has seen. */
    private static final class Remembered {
        final ValueCodes types = new ValueCodes();
        final ValueCodes ages = new ValueCodes();
        final ValueCodes groups = new ValueCodes();
        final ValueCodes outcomes = new ValueCodes();
        final ValueCodes linked = new ValueCodes();
        final ValueCodes moreThanOuter = new ValueCodes();
        final ValueCodes places = new ValueCodes();
    }

    private final RecordCounting.Options options;
    private final Supplier<BoroughBoundaries> boundaries;
    private final List<String> boroughCodes;
    private final Map<String, Integer> boroughIndex = new HashMap<>();
    private final int threads;
    private final long smallestPart;
    private final ThreadLocal<Remembered> remembered = ThreadLocal.withInitial(Remembered::new);

    /**
     * @param threads      how many threads count at once
     * @param smallestPart the smallest part a file is cut into (files smaller than two parts are not cut)
     */
    RecordScanning(RecordCounting.Options options, Supplier<BoroughBoundaries> boundaries, int threads, long smallestPart) {
        this.options = options;
        this.boundaries = boundaries;
        // the boundaries are only read (a 1.2 MB file, about half a second) when counting by borough
        this.boroughCodes = options.byBorough() ? boundaries.get().boroughs().stream().map(BoroughBoundaries.Borough::code).toList()
                : List.of();
        for (int i = 0; i < boroughCodes.size(); i++) {
            boroughIndex.put(boroughCodes.get(i), i);
        }
        this.threads = Math.max(1, threads);
        this.smallestPart = Math.max(1, smallestPart);
    }

    List<String> boroughCodes() {
        return boroughCodes;
    }

    /** Counts each file; the tallies are in the order of the files. */
    List<Tally> count(List<Path> files) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "analyse-count");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<List<Future<Tally>>> parts = new ArrayList<>();
            List<long[]> cuts = new ArrayList<>();
            for (Path file : files) {
                long[] at = cuts(file);
                cuts.add(at);
                List<Future<Tally>> partsOfFile = new ArrayList<>();
                for (int i = 0; i + 1 < at.length; i++) {
                    long start = at[i];
                    long end = at[i + 1];
                    partsOfFile.add(pool.submit(() -> scan(file, start, end)));
                }
                parts.add(partsOfFile);
            }
            List<Tally> tallies = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                long[] at = cuts.get(f);
                Tally total = new Tally(boroughCodes.size());
                boolean whole = true;
                for (int i = 0; i < parts.get(f).size(); i++) {
                    Tally part;
                    try {
                        part = parts.get(f).get(i).get();
                    } catch (ExecutionException e) {
                        if (at.length == 2) {
                            throw rethrown(e.getCause());
                        }
                        whole = false;
                        continue;
                    }
                    if (part.endedAt != at[i + 1]) {
                        whole = false;
                    }
                    total.add(part);
                }
                if (!whole) {
                    Path file = files.get(f);
                    long size = at[at.length - 1];
                    try {
                        total = pool.submit(() -> scan(file, 0, size)).get();
                    } catch (ExecutionException e) {
                        throw rethrown(e.getCause());
                    }
                }
                tallies.add(total);
            }
            return tallies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("counting was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException rethrown(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** Where the file's parts start, each at a line start, ending with the file's size. */
    private long[] cuts(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int parts = (int) Math.min(threads, size / smallestPart);
            if (parts < 2) {
                return new long[] {0, size};
            }
            List<Long> at = new ArrayList<>();
            at.add(0L);
            ByteBuffer window = ByteBuffer.allocate(64 * 1024);
            for (int i = 1; i < parts; i++) {
                long from = Math.max(size * i / parts, at.get(at.size() - 1) + 1);
                long lineStart = nextLineStart(channel, from, window);
                if (lineStart > 0 && lineStart < size && lineStart > at.get(at.size() - 1)) {
                    at.add(lineStart);
                }
            }
            at.add(size);
            return at.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private static long nextLineStart(FileChannel channel, long from, ByteBuffer window) throws IOException {
        long position = from;
        while (true) {
            window.clear();
            int read = channel.read(window, position);
            if (read <= 0) {
                return -1;
            }
            for (int i = 0; i < read; i++) {
                if (window.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
    }

    /**
     * Counts the records that start in [start, end); the last one may run past the end. {@code endedAt}
     * is where the record after the last one counted starts.
     */
    Tally scan(Path file, long start, long end) throws IOException {
        Remembered seen = remembered.get();
        Tally tally = new Tally(boroughCodes.size());
        int[] fieldStart = new int[FIELDS];
        int[] fieldEnd = new int[FIELDS];
        boolean[] quoted = new boolean[FIELDS];
        boolean[] escaped = new boolean[FIELDS];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            long bufferAt = start;
            int limit = 0;
            int pos = 0;
            boolean atEnd = false;
            long line = 1;
            boolean header = start == 0;
            while (true) {
                if (bufferAt + pos >= end) {
                    break;
                }
                int next = -1;
                int fieldCount = 0;
                long linesInRecord = 1;
                if (pos < limit) {
                    // one record: fields separated by commas, ended by CR, LF, CRLF or the end of the file
                    int p = pos;
                    record:
                    while (true) {
                        int s;
                        int e;
                        boolean isQuoted = false;
                        boolean isEscaped = false;
                        if (p < limit && buffer[p] == '"') {
                            isQuoted = true;
                            p++;
                            s = p;
                            while (true) {
                                if (p >= limit) {
                                    if (!atEnd) {
                                        break record;
                                    }
                                    e = p;
                                    break;
                                }
                                byte b = buffer[p];
                                if (b == '"') {
                                    if (p + 1 < limit && buffer[p + 1] == '"') {
                                        isEscaped = true;
                                        p += 2;
                                        continue;
                                    }
                                    if (p + 1 >= limit && !atEnd) {
                                        break record;
                                    }
                                    e = p;
                                    p++;
                                    break;
                                }
                                if (b == '\n') {
                                    linesInRecord++;
                                }
                                p++;
                            }
                            // anything between the closing quote and the next separator is ignored
                            while (p < limit && buffer[p] != ',' && buffer[p] != '\n' && buffer[p] != '\r') {
                                p++;
                            }
                        } else {
                            s = p;
                            while (p < limit) {
                                byte b = buffer[p];
                                if (b == ',' || b == '\n' || b == '\r') {
                                    break;
                                }
                                p++;
                            }
                            e = p;
                        }
                        if (fieldCount < FIELDS) {
                            fieldStart[fieldCount] = s;
                            fieldEnd[fieldCount] = e;
                            quoted[fieldCount] = isQuoted;
                            escaped[fieldCount] = isEscaped;
                        }
                        fieldCount++;
                        if (p >= limit) {
                            if (!atEnd) {
                                break;
                            }
                            next = p;
                            break;
                        }
                        byte b = buffer[p];
                        if (b == ',') {
                            p++;
                            if (p >= limit && atEnd) {
                                if (fieldCount < FIELDS) {
                                    fieldStart[fieldCount] = p;
                                    fieldEnd[fieldCount] = p;
                                    quoted[fieldCount] = false;
                                    escaped[fieldCount] = false;
                                }
                                fieldCount++;
                                next = p;
                                break;
                            }
                            continue;
                        }
                        if (b == '\r') {
                            if (p + 1 < limit) {
                                next = buffer[p + 1] == '\n' ? p + 2 : p + 1;
                            } else if (atEnd) {
                                next = p + 1;
                            }
                            break;
                        }
                        next = p + 1;
                        break;
                    }
                }
                if (next < 0) {
                    if (atEnd) {
                        break;
                    }
                    // keep the unfinished record, read more
                    if (pos > 0) {
                        System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                        bufferAt += pos;
                        limit -= pos;
                        pos = 0;
                    }
                    if (limit == buffer.length) {
                        if (buffer.length >= LARGEST_RECORD_BYTES) {
                            throw new BadRecord(file, line, "expected a record of at most " + (LARGEST_RECORD_BYTES >> 20)
                                    + " MB, found a longer one (is a quote left open?)");
                        }
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit), bufferAt + limit);
                    if (read < 0) {
                        atEnd = true;
                    } else {
                        limit += read;
                    }
                    if (header && bufferAt == 0 && pos == 0 && limit >= 3 && buffer[0] == (byte) 0xEF
                            && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
                        pos = 3;
                    }
                    continue;
                }
                boolean blank = fieldCount == 1 && fieldStart[0] == fieldEnd[0] && !quoted[0];
                if (!blank) {
                    if (header) {
                        String type = text(buffer, fieldStart[0], fieldEnd[0], escaped[0]).trim();
                        if (!type.equalsIgnoreCase("Type") || fieldCount < FIELDS) {
                            throw new BadRecord(file, line, "expected the police.uk stop-and-search header (Type,Date,…), "
                                    + "found: " + new String(buffer, pos, next - pos, StandardCharsets.UTF_8).strip());
                        }
                        header = false;
                    } else {
                        if (fieldCount < FIELDS) {
                            throw new BadRecord(file, line, "expected " + FIELDS + " fields, found " + fieldCount);
                        }
                        count(file, line, buffer, fieldStart, fieldEnd, quoted, escaped, seen, tally);
                    }
                }
                line += linesInRecord;
                pos = next;
            }
            tally.endedAt = bufferAt + pos;
        }
        return tally;
    }

    private void count(Path file, long line, byte[] buffer, int[] fieldStart, int[] fieldEnd, boolean[] quoted,
                       boolean[] escaped, Remembered seen, Tally tally) {
        int vehicle = code(seen.types, buffer, fieldStart, fieldEnd, escaped, TYPE,
                text -> text.trim().equalsIgnoreCase("Vehicle search") ? 1 : 0);
        if (vehicle == 1) {
            tally.vehicles++;
            return;
        }
        if (options.childrenOnly() && code(seen.ages, buffer, fieldStart, fieldEnd, escaped, AGE,
                text -> options.children().isChildsAgeRange(text.trim()) ? 1 : 0) == 0) {
            return;
        }
        tally.records++;
        int g = options.officerDefined()
                ? code(seen.groups, buffer, fieldStart, fieldEnd, escaped, OFFICER_DEFINED,
                        text -> index(PoliceUkVocabulary.officerDefinedGroup(text)))
                : code(seen.groups, buffer, fieldStart, fieldEnd, escaped, SELF_DEFINED,
                        text -> index(PoliceUkVocabulary.selfDefinedGroup(text)));
        tally.groups[g]++;
        boolean arrested = code(seen.outcomes, buffer, fieldStart, fieldEnd, escaped, OUTCOME, text -> {
            String outcome = text.trim();
            return outcome.equalsIgnoreCase("Arrest") || outcome.equalsIgnoreCase("Suspect arrested") ? 1 : 0;
        }) == 1;
        boolean moreThanOuter = code(seen.moreThanOuter, buffer, fieldStart, fieldEnd, escaped, MORE_THAN_OUTER,
                text -> text.trim().equalsIgnoreCase("true") ? 1 : 0) == 1;
        if (arrested) {
            tally.stages.arrests()[g]++;
        }
        if (moreThanOuter) {
            tally.stages.moreThanOuterClothing()[g]++;
            if (arrested) {
                tally.stages.arrestedAndMoreThanOuterClothing()[g]++;
            }
        }
        int linked = code(seen.linked, buffer, fieldStart, fieldEnd, escaped, LINKED, text -> {
            String value = text.trim().toLowerCase(Locale.ROOT);
            return value.equals("true") ? 2 : value.equals("false") ? 1 : 0;
        });
        if (linked > 0) {
            tally.stages.outcomeKnown()[g]++;
            if (linked == 2) {
                tally.stages.outcomeLinked()[g]++;
            }
        }
        if (options.byBorough()) {
            // the raw bytes of "latitude,longitude", quotes included, are the key of a place
            int from = fieldStart[LATITUDE] - (quoted[LATITUDE] ? 1 : 0);
            int to = fieldEnd[LONGITUDE] + (quoted[LONGITUDE] ? 1 : 0);
            int borough = seen.places.find(buffer, from, to);
            if (borough == ValueCodes.UNSEEN) {
                borough = locate(file, line, text(buffer, fieldStart[LATITUDE], fieldEnd[LATITUDE], escaped[LATITUDE]),
                        text(buffer, fieldStart[LONGITUDE], fieldEnd[LONGITUDE], escaped[LONGITUDE]));
                seen.places.put(buffer, from, to, borough);
            }
            if (borough != NOT_LOCATED) {
                long[] row = tally.boroughs[borough];
                if (row == null) {
                    row = tally.boroughs[borough] = new long[GroupCounts.UNKNOWN + 1];
                }
                row[g]++;
            }
        }
    }

    private int locate(Path file, long line, String latitude, String longitude) {
        if (latitude.isBlank() || longitude.isBlank()) {
            return NOT_LOCATED;
        }
        double lat;
        double lon;
        try {
            lat = Double.parseDouble(latitude.trim());
            lon = Double.parseDouble(longitude.trim());
        } catch (NumberFormatException e) {
            throw new BadRecord(file, line, "expected a latitude and longitude in decimal degrees, found \""
                    + latitude + "\" and \"" + longitude + "\"");
        }
        return boundaries.get().locate(lat, lon).map(b -> boroughIndex.get(b.code())).orElse(NOT_LOCATED);
    }

    private static int index(Optional<EthnicGroup> group) {
        return group.map(Enum::ordinal).orElse(GroupCounts.UNKNOWN);
    }

    private static int code(ValueCodes codes, byte[] buffer, int[] fieldStart, int[] fieldEnd, boolean[] escaped, int field,
                            ToIntFunction<String> classify) {
        int code = codes.find(buffer, fieldStart[field], fieldEnd[field]);
        if (code == ValueCodes.UNSEEN) {
            code = classify.applyAsInt(text(buffer, fieldStart[field], fieldEnd[field], escaped[field]));
            if (!escaped[field]) {
                codes.put(buffer, fieldStart[field], fieldEnd[field], code);
            }
        }
        return code;
    }

    private static String text(byte[] buffer, int start, int end, boolean escaped) {
        String text = new String(buffer, start, end - start, StandardCharsets.UTF_8);
        return escaped ? text.replace("\"\"", "\"") : text;
    }
}
