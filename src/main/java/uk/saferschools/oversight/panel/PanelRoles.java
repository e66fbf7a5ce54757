package uk.saferschools.oversight.panel;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.Role;

/** What an actor's roles allow on panel content, checked in the services as well as on the pages. */
final class PanelRoles {

    private PanelRoles() {
    }

    /** Chair, members and secretariat: everything the panel holds, drafts included. */
    static boolean panel(Actor actor) {
        return member(actor) || secretariat(actor);
    }

    /** Members (the chair is one): they write panel text. */
    static boolean member(Actor actor) {
        return chair(actor) || actor.holds(Role.PANEL_MEMBER.name());
    }

    static boolean chair(Actor actor) {
        return actor.holds(Role.CHAIR.name());
    }

    static boolean secretariat(Actor actor) {
        return actor.holds(Role.SECRETARIAT.name());
    }

    static boolean police(Actor actor) {
        return actor.holds(Role.POLICE_LIAISON.name());
    }

    /** The role an action was taken in, for timelines shown to the public (not the person's name). */
    static String acting(Actor actor) {
        return chair(actor) ? "Chair" : member(actor) ? "Panel member" : secretariat(actor) ? "Secretariat"
                : police(actor) ? "Police liaison" : "System";
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
