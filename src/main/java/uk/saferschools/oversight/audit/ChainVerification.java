package uk.saferschools.oversight.audit;

import java.util.Optional;

/**
 * The outcome of checking the whole audit trail.
 *
 * @param entriesChecked how many entries were read
 * @param firstBreak     the first place the chain does not hold, if any
 * @param headHash       the hash of the last entry: record it elsewhere to detect a later rewrite of the whole chain
 */
record ChainVerification(long entriesChecked, Optional<Break> firstBreak, String headHash) {

    public boolean intact() {
        return firstBreak.isEmpty();
    }

    /** What went wrong, at which entry. */
    public enum Kind {
        /** The entry's contents no longer match its own hash. */
        ALTERED,
        /** Sequence numbers jump: the entries in between are gone. */
        REMOVED,
        /** The entry does not carry the hash of the entry before it: it was put in, or the order changed. */
        INSERTED
    }

    /**
     * @param sequenceNo the entry at which the break is seen
     * @param message    a sentence naming the entry and what happened to it
     */
    public record Break(Kind kind, long sequenceNo, String message) {
    }

    public String summary() {
        return firstBreak.map(b -> "Audit trail broken: " + b.message())
                .orElse("Audit trail intact: " + entriesChecked + " entries checked; the latest entry's hash is "
                        + headHash + ".");
    }
}
