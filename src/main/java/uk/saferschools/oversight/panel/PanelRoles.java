package uk.saferschools.oversight.panel;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import uk.saferschools.oversight.audit.Actor;

/** What an actor's roles allow on panel content, checked in the services as well as on the pages. */
final class PanelRoles {

    private PanelRoles() {
    }

    private static Set<String> of(Actor actor) {
        return Arrays.stream(actor.roles().split(",")).map(String::trim).collect(Collectors.toSet());
    }

    /** Chair, members and secretariat: everything the panel holds, drafts included. */
    static boolean panel(Actor actor) {
        Set<String> roles = of(actor);
        return roles.contains("CHAIR") || roles.contains("PANEL_MEMBER") || roles.contains("SECRETARIAT");
    }

    /** Members (the chair is one): they write panel text. */
    static boolean member(Actor actor) {
        Set<String> roles = of(actor);
        return roles.contains("CHAIR") || roles.contains("PANEL_MEMBER");
    }

    static boolean chair(Actor actor) {
        return of(actor).contains("CHAIR");
    }

    static boolean secretariat(Actor actor) {
        return of(actor).contains("SECRETARIAT");
    }

    static boolean police(Actor actor) {
        return of(actor).contains("POLICE_LIAISON");
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
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.FORBIDDEN)
    static final class NotAllowedException extends RuntimeException {
        NotAllowedException(String what) {
            super("Your role does not allow you to " + what);
        }
    }
}
