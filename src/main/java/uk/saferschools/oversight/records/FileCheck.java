package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A first, fast look at a file's bytes before any of it is parsed: its SHA-256 (to recognise a file
 * already imported), and whether it is text in UTF-8 at all. Names what it finds instead: Windows-1252
 * (a spreadsheet's "CSV" on Windows), compressed archives, binary data.
 */
final class FileCheck {

    /**
     * @param sha256  hex SHA-256 of the whole file
     * @param problem what makes the file unreadable as UTF-8 text, if anything
     */
    record Result(String sha256, long size, Optional<ImportProblem> problem) {
    }

    private FileCheck() {
    }

    /** Eight bytes of an array read as one long. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;


    static Result of(Path file, String name) throws IOException {
        // the digest on a second thread, which reads the file for itself (from the page cache), while this one looks
        // at the bytes: on a large file each takes about as long as the other (issue 17)
        FutureTask<String> digest = new FutureTask<>(() -> sha256(file));
        Thread digesting = new Thread(digest, "file-digest");
        digesting.setDaemon(true);
        digesting.start();
        ImportProblem problem = null;
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long offset = 0;
            long line = 1;
            int pendingContinuation = 0; // UTF-8 continuation bytes still expected
            int lead = 0; // the byte that started the current multi-byte character
            int read;
            boolean first = true;
            while (problem == null && (read = in.read(buffer)) > 0) {
                if (first) {
                    problem = magic(name, buffer, read);
                    first = false;
                }
                for (int i = 0; i < read && problem == null; i++) {
                    if (pendingContinuation == 0 && i + 8 <= read) {
                        // eight bytes at a time while they are plain ASCII and no NUL, as nearly all of a police.uk
                        // file is (issue 17: this look is a first pass over the whole file before any parsing)
                        long word = (long) EIGHT_BYTES.get(buffer, i);
                        if ((word & HIGH_BITS) == 0 && (~(word + LOW_BITS) & HIGH_BITS) == 0) {
                            // each byte under 0x80, so adding 0x7F carries into no other: a byte's high bit is then
                            // clear only where the byte was zero, here where it was a newline
                            line += Long.bitCount(~((word ^ NEWLINES) + LOW_BITS) & HIGH_BITS);
                            i += 7;
                            continue;
                        }
                    }
                    int b = buffer[i] & 0xFF;
                    if (pendingContinuation > 0) {
                        if ((b & 0xC0) != 0x80) {
                            problem = notUtf8(name, line, lead);
                        }
                        pendingContinuation--;
                        continue;
                    }
                    if (b == '\n') {
                        line++;
                    } else if (b == 0) {
                        problem = new ImportProblem(name, line, 0, "", "a NUL byte at byte " + (offset + i),
                                "a text file: this looks like binary data (a spreadsheet or database file?). "
                                        + "Export it as CSV (UTF-8) and try again");
                    } else if (b >= 0x80) {
                        lead = b;
                        if (b >= 0xC2 && b <= 0xDF) {
                            pendingContinuation = 1;
                        } else if (b >= 0xE0 && b <= 0xEF) {
                            pendingContinuation = 2;
                        } else if (b >= 0xF0 && b <= 0xF4) {
                            pendingContinuation = 3;
                        } else {
                            problem = notUtf8(name, line, b);
                        }
                    }
                }
                offset += read;
            }
            if (problem == null && pendingContinuation > 0) {
                problem = new ImportProblem(name, line, 0, "", "a character cut off at the end of the file",
                        "a complete file: it may have been truncated while copying");
            }
        }
        try {
            return new Result(digest.get(), size, Optional.ofNullable(problem));
        } catch (InterruptedException e) {
            digesting.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading " + name, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static ImportProblem magic(String name, byte[] start, int length) {
        if (length >= 2 && (start[0] & 0xFF) == 0x1F && (start[1] & 0xFF) == 0x8B) {
            return ImportProblem.ofFile(name, "gzip-compressed data", "an uncompressed CSV file: unzip it first (gunzip)");
        }
        if (length >= 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4) {
            return ImportProblem.ofFile(name, "a ZIP archive (or an Excel .xlsx workbook)",
                    "a CSV file: extract it from the archive, or save the workbook as CSV (UTF-8)");
        }
        if (length >= 8 && (start[0] & 0xFF) == 0xD0 && (start[1] & 0xFF) == 0xCF) {
            return ImportProblem.ofFile(name, "an old Excel (.xls) workbook", "a CSV file: save the workbook as CSV (UTF-8)");
        }
        if (length >= 5 && start[0] == '%' && start[1] == 'P' && start[2] == 'D' && start[3] == 'F') {
            return ImportProblem.ofFile(name, "a PDF document", "a CSV file");
        }
        return null;
    }

    private static ImportProblem notUtf8(String name, long line, int b) {
        String hex = String.format("0x%02X", b);
        boolean cp1252 = b >= 0x80 && b <= 0x9F || b >= 0xA0;
        return new ImportProblem(name, line, 0, "", "the byte " + hex + ", which is not UTF-8",
                cp1252 ? "UTF-8 text: this file looks like Windows-1252 (as Excel saves \"CSV\" on Windows). "
                        + "Save it as \"CSV UTF-8\" and try again"
                        : "UTF-8 text");
    }
}
