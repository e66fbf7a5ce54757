package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keyed hashes (HMAC-SHA-256) of record references and officer team identifiers, so that a re-import
 * finds the same record without the reference itself being stored. The key comes from configuration
 * ({@code OVERSIGHT_PSEUDONYMISATION_KEY}); with the embedded database and no key configured, one is
 * made once and kept in {@code data/pseudonymisation.key}. Lose the key and re-imports no longer match.
 */
@Component
public class Pseudonyms {

    private final byte[] key;

    Pseudonyms(@Value("${oversight.records.pseudonymisation-key:}") String configured,
               @Value("${oversight.database.url:}") String databaseUrl,
               @Value("${oversight.database.data-directory:data}") Path dataDirectory,
               @Value("${oversight.database.ephemeral:false}") boolean ephemeral) {
        if (configured != null && !configured.isBlank()) {
            this.key = configured.getBytes(StandardCharsets.UTF_8);
        } else if (ephemeral) {
            this.key = random();
        } else if (databaseUrl == null || databaseUrl.isBlank()) {
            this.key = keptIn(dataDirectory.resolve("pseudonymisation.key"));
        } else {
            this.key = null; // required before extended records can be imported into a production server
        }
    }

    /** The keyed hash of an identifier, in hex; the context (e.g. the force) is part of what is hashed. */
    public String of(String context, String identifier) {
        if (key == null) {
            throw new IllegalStateException("No pseudonymisation key: set OVERSIGHT_PSEUDONYMISATION_KEY (a long random "
                    + "secret, kept safe and never changed) before importing extended records or deployments");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((context + "\u001f" + identifier).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] keptIn(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
            }
            Files.createDirectories(file.getParent());
            byte[] made = random();
            Files.write(file, made);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the pseudonymisation key " + file, e);
        }
    }
}
