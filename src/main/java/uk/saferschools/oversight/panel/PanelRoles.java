package uk.saferschools.oversight.panel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import uk.saferschools.oversight.audit.Actor;

/** Refusing what an actor's roles do not allow on panel content (the roles themselves: {@link uk.saferschools.oversight.identity.Roles}). */
final class PanelRoles {

    private PanelRoles() {
    }

    /** Refuses an action the actor's roles do not allow. */
    static void require(boolean allowed, String what) {
        if (!allowed) {
            throw new NotAllowedException(what);
        }
    }

    /** An action refused for the actor's role: a 403 on the pages. */
    @ResponseStatus(HttpStatus.FORBIDDEN)
    static final class NotAllowedException extends RuntimeException {
        NotAllowedException(String what) {
            super("Your role does not allow you to " + what);
        }
    }
}
