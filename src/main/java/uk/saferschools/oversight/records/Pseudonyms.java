package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Keyed hashes (HMAC-SHA-256) of record references, officer team identifiers and body-worn video
 * references, so that a re-import finds the same record without the reference itself being stored. The
 * key comes from {@code OVERSIGHT_PSEUDONYMISATION_KEY} (at least {@value #MINIMUM_KEY_LENGTH} characters).
 * With a PostgreSQL server it is required, and the application does not start without it; with the
 * embedded database and no key configured, one is made once and kept in {@code data/pseudonymisation.key},
 * readable by its owner alone. Lose the key and re-imports no longer match.
 */
@Component
class Pseudonyms {

    /** The least length of a configured key: shorter ones are easy to guess, and every hash with them. */
    static final int MINIMUM_KEY_LENGTH = 32;

    /** The key cannot be used: the application refuses to start, and says why and what to set. */
    static final class KeyProblem extends IllegalStateException {
        final String action;

        KeyProblem(String description, String action) {
            super(description);
            this.action = action;
        }
    }

    private final byte[] key;

    Pseudonyms(@Value("${oversight.records.pseudonymisation-key:}") String configured,
               @Value("${oversight.database.url:}") String databaseUrl,
               @Value("${oversight.database.data-directory:data}") Path dataDirectory,
               @Value("${oversight.database.ephemeral:false}") boolean ephemeral) {
        requireUsable(configured, databaseUrl, ephemeral);
        if (configured != null && !configured.isBlank()) {
            this.key = configured.getBytes(StandardCharsets.UTF_8);
        } else if (ephemeral || databaseUrl == null || databaseUrl.isBlank()) {
            this.key = ephemeral ? random() : keptIn(dataDirectory.resolve("pseudonymisation.key"));
        } else {
            throw new IllegalStateException("unreachable: requireUsable refuses a server without a key");
        }
    }

    /**
     * Refuses a key too short to keep the hashes secret, and a PostgreSQL server without a key. Checked
     * again by {@link StartupCheck} before any bean is made, so that the application does not start
     * (nor touch the database) rather than failing at the first import.
     */
    static void requireUsable(String configured, String databaseUrl, boolean ephemeral) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MINIMUM_KEY_LENGTH) {
                throw new KeyProblem("OVERSIGHT_PSEUDONYMISATION_KEY is " + configured.length()
                        + " characters long: too short to keep the hashed record references secret.",
                        "Set OVERSIGHT_PSEUDONYMISATION_KEY to a random secret of at least " + MINIMUM_KEY_LENGTH
                                + " characters (e.g. the output of: openssl rand -hex 32).");
            }
        } else if (!ephemeral && databaseUrl != null && !databaseUrl.isBlank()) {
            throw new KeyProblem("A PostgreSQL server is configured (OVERSIGHT_DATABASE_URL), but no pseudonymisation key: "
                    + "OVERSIGHT_PSEUDONYMISATION_KEY is not set. Record references, officer teams and body-worn video "
                    + "references are stored only as hashes made with this key.",
                    "Set OVERSIGHT_PSEUDONYMISATION_KEY to a random secret of at least " + MINIMUM_KEY_LENGTH
                            + " characters (e.g. the output of: openssl rand -hex 32), keep it safe apart from the "
                            + "database's backups, and never change it: re-imports would no longer match.");
        }
    }

    /** The check of the key as the application starts, before any bean (the database's included) is made. */
    @Component
    static class StartupCheck implements BeanFactoryPostProcessor,
            EnvironmentAware {
        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
            requireUsable(environment.getProperty("oversight.records.pseudonymisation-key"),
                    environment.getProperty("oversight.database.url"),
                    environment.getProperty("oversight.database.ephemeral", Boolean.class, false));
        }
    }

    /** The keyed hash of an identifier, in hex; the context (e.g. the force) is part of what is hashed. */
    public String of(String context, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((context + "\u001f" + identifier).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every Java runtime", e);
        }
    }

    /** What is hashed with a record's identity to make its record key for the cell key method. */
    static final String PERTURBATION_CONTEXT = "cell-key";

    /**
     * The secret record key of an extended record for the cell key method (ADR 0017): the first 32 bits of the
     * keyed hash of its identity (force, hashed record reference, power), an integer in [0, 2^32). The same
     * record gets the same key at every import; without the hashing key nobody can work it out.
     */
    long perturbationKey(String force, String recordKey, String power) {
        return Long.parseLong(of(PERTURBATION_CONTEXT, force + "\u001f" + recordKey + "\u001f" + power).substring(0, 8), 16);
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.UTF_8);
    }

    /** The key kept beside the embedded database; made, readable and writable by its owner alone, when missing. */
    static byte[] keptIn(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
            }
            Files.createDirectories(file.getParent());
            byte[] made = random();
            Path created;
            try {
                // the permissions are set as the file is made, so it is never readable by others, not even briefly
                created = Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                created = Files.createFile(file);
            }
            Files.write(created, made);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the pseudonymisation key " + file, e);
        }
    }
}
