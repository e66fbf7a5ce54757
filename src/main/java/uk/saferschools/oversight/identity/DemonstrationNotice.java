package uk.saferschools.oversight.identity;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;

/**
 * Tells every page whether this installation holds demonstration data, so the layout can say so. The
 * question is put to the database only when a template reads the flag, once per request: answers that are
 * not pages (the open data API's JSON and CSV, files, redirects) go through every controller's model too,
 * and used to pay a query each for a flag they never show.
 * <p>
 * Once the answer has been yes, this node does not ask again: demonstration accounts are made only at the
 * first start and no account is ever deleted or loses the mark, so the answer cannot go back to no. (Should
 * that change, this must change with it; until then a wrong "yes" could only over-mark, never hide the mark.)
 * While the answer is no, every page asks, so a node started before the first start's accounts were made
 * still shows the banner as soon as they are.
 */
@ControllerAdvice
class DemonstrationNotice {

    private final Accounts accounts;
    private final AtomicBoolean held = new AtomicBoolean();

    DemonstrationNotice(Accounts accounts) {
        this.accounts = accounts;
    }

    @ModelAttribute("demonstrationData")
    LazyContextVariable<Boolean> demonstrationData() {
        return new LazyContextVariable<>() {
            @Override
            protected Boolean loadValue() {
                if (held.get()) {
                    return true;
                }
                boolean any = accounts.anyDemonstration();
                if (any) {
                    held.set(true);
                }
                return any;
            }
        };
    }
}
