package uk.saferschools.oversight.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One entry of the audit trail.
 *
 * @param sequenceNo   1, 2, 3… with no gaps: a gap means entries were removed
 * @param previousHash the {@link #entryHash} of the entry before, or {@link #GENESIS_HASH} for the first
 * @param entryHash    SHA-256 over every other field, see {@link #computeHash}
 */
record AuditEntry(long sequenceNo, Instant occurredAt, String actor, String actorRoles, String action,
                         String subject, String before, String after, String previousHash, String entryHash) {

    /** What the first entry carries as the hash of the entry before it. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /**
     * SHA-256 over the entry's fields, each written as its length, a colon and its text (a missing
     * summary as {@code -}), so that no two different entries can produce the same input.
     */
    static String computeHash(long sequenceNo, Instant occurredAt, String actor, String actorRoles, String action,
                              String subject, String before, String after, String previousHash) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {Long.toString(sequenceNo), DateTimeFormatter.ISO_INSTANT.format(occurredAt),
                actor, actorRoles, action, subject, before, after, previousHash}) {
            if (field == null) {
                canonical.append("-;");
            } else {
                canonical.append(field.length()).append(':').append(field).append(';');
            }
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether the stored hash still matches the stored fields. */
    boolean contentMatchesHash() {
        return computeHash(sequenceNo, occurredAt, actor, actorRoles, action, subject, before, after, previousHash)
                .equals(entryHash);
    }

    /** A short description for messages: number, time, actor and action. */
    public String describe() {
        return "entry " + sequenceNo + " (" + DateTimeFormatter.ISO_INSTANT.format(occurredAt) + ", " + action + " by "
                + actor + ")";
    }
}
