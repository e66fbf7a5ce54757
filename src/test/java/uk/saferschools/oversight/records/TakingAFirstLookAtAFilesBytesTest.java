package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileCheck}, which reads eight bytes at a time while they are plain ASCII: over seeded random files of
 * ASCII, newlines and characters of two to four bytes, of sizes around its 64 KB buffer, it finds nothing wrong
 * in good text, and names a NUL or a byte that is not UTF-8 wherever it is put, on the line it is on (one more
 * than the newlines before it); its SHA-256 is the whole file's.
 */
class TakingAFirstLookAtAFilesBytesTest {

    @TempDir
    Path folder;

    static final String[] CHARACTERS = {"a", "Z", "0", ",", "\"", " ", "\n", "\n", "é", "€", "😀", "\r\n"};

    static List<byte[]> text(Random random, int bytes) {
        List<byte[]> characters = new ArrayList<>();
        for (int size = 0; size < bytes; ) {
            // mostly runs of ASCII, as police.uk files are, now and then something else
            String c = random.nextInt(10) < 8 ? CHARACTERS[random.nextInt(6)] : CHARACTERS[random.nextInt(CHARACTERS.length)];
            byte[] encoded = c.getBytes(StandardCharsets.UTF_8);
            characters.add(encoded);
            size += encoded.length;
        }
        return characters;
    }

    static byte[] joined(List<byte[]> characters) {
        int size = characters.stream().mapToInt(c -> c.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] c : characters) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }

    static long linesBefore(byte[] bytes, int position) {
        long lines = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    FileCheck.Result checked(byte[] bytes) throws Exception {
        Path file = folder.resolve("f.csv");
        Files.write(file, bytes);
        return FileCheck.of(file, "f.csv");
    }

    @Test
    void good_text_has_no_problem_and_the_digest_of_the_whole_file() throws Exception {
        Random random = new Random(17);
        for (int round = 0; round < 60; round++) {
            byte[] bytes = joined(text(random, random.nextInt(3) == 0 ? random.nextInt(200) : 65_536 + random.nextInt(400) - 200));
            FileCheck.Result result = checked(bytes);
            assertThat(result.problem()).as("round %d", round).isEmpty();
            assertThat(result.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(result.size()).isEqualTo(bytes.length);
        }
    }

    @Test
    void a_nul_or_a_byte_that_is_not_utf8_is_named_on_its_line_wherever_it_is() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<byte[]> characters = text(random, 1 + random.nextInt(random.nextBoolean() ? 300 : 140_000));
            int index = random.nextInt(characters.size() + 1);
            boolean nul = random.nextBoolean();
            characters.add(index, new byte[] {nul ? 0 : (byte) 0x92});
            byte[] bytes = joined(characters);
            int position = 0;
            for (int i = 0; i < index; i++) {
                position += characters.get(i).length;
            }
            FileCheck.Result result = checked(bytes);
            assertThat(result.problem()).as("round %d: %s at byte %d of %d", round, nul ? "NUL" : "0x92", position, bytes.length)
                    .isPresent();
            ImportProblem problem = result.problem().get();
            assertThat(problem.line()).as("round %d", round).isEqualTo(linesBefore(bytes, position));
            assertThat(problem.value()).isEqualTo(nul ? "a NUL byte at byte " + position : "the byte 0x92, which is not UTF-8");
        }
    }
}
