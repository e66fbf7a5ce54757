package uk.saferschools.oversight.identity;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;

/**
 * Tells every page whether this installation holds demonstration data, so the layout can say so. The
 * question is put to the database only when a template reads the flag, once per request: answers that are
 * not pages (the open data API's JSON and CSV, files, redirects) go through every controller's model too,
 * and used to pay a query each for a flag they never show.
 */
@ControllerAdvice
class DemonstrationNotice {

    private final Accounts accounts;

    DemonstrationNotice(Accounts accounts) {
        this.accounts = accounts;
    }

    @ModelAttribute("demonstrationData")
    LazyContextVariable<Boolean> demonstrationData() {
        return new LazyContextVariable<>() {
            @Override
            protected Boolean loadValue() {
                return accounts.anyDemonstration();
            }
        };
    }
}
