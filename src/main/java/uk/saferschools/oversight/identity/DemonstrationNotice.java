package uk.saferschools.oversight.identity;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;

/**
 * Tells every page whether this installation holds demonstration data, so the layout can say so. The
 * question is put to the database only when a template reads the flag, once per request: answers that are
 * not pages (the open data API's JSON and CSV, files, redirects) go through every controller's model too,
 * and used to pay a query each for a flag they never show.
 * <p>
 * Once the answer has been yes, this node does not ask again: no account is ever deleted or loses the mark, so
 * the answer cannot go back to no. (Should that change, this must change with it; until then a wrong "yes"
 * could only over-mark, never hide the mark.) A no holds for {@link #NO_HOLDS_FOR} and is then asked again: a
 * demonstration account made on this node turns it to yes as soon as its transaction commits
 * ({@link #demonstrationAccountMade}); one made on another node, or by the first start of a node started beside
 * this one, shows here within that time.
 */
@ControllerAdvice
class DemonstrationNotice {

    static final Duration NO_HOLDS_FOR = Duration.ofSeconds(2);

    private final Accounts accounts;
    private final AtomicBoolean held = new AtomicBoolean();
    /** System.nanoTime() until which the last "no" holds (at first, now: nothing holds yet) */
    private volatile long noHoldsUntil = System.nanoTime();

    DemonstrationNotice(Accounts accounts) {
        this.accounts = accounts;
    }

    @ModelAttribute("demonstrationData")
    LazyContextVariable<Boolean> demonstrationData() {
        return new LazyContextVariable<>() {
            @Override
            protected Boolean loadValue() {
                return holdsDemonstrationData();
            }
        };
    }

    boolean holdsDemonstrationData() {
        if (held.get()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - noHoldsUntil < 0) {
            return false;
        }
        boolean any = accounts.anyDemonstration();
        if (any) {
            held.set(true);
        } else {
            noHoldsUntil = now + NO_HOLDS_FOR.toNanos();
        }
        return any;
    }

    /** A demonstration account is being made: once its transaction commits, this node shows the banner. */
    void demonstrationAccountMade() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    held.set(true);
                }
            });
        } else {
            held.set(true);
        }
    }
}
