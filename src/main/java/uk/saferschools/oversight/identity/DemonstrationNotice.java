package uk.saferschools.oversight.identity;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells every page whether this installation holds demonstration data, so the layout can say so. */
@ControllerAdvice
class DemonstrationNotice {

    private final Accounts accounts;

    DemonstrationNotice(Accounts accounts) {
        this.accounts = accounts;
    }

    @ModelAttribute("demonstrationData")
    boolean demonstrationData() {
        return accounts.anyDemonstration();
    }
}
