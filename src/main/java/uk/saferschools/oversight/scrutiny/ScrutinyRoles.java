package uk.saferschools.oversight.scrutiny;

import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.Role;

/** Who may do what in body-worn video scrutiny, checked in the services as well as on the pages. */
final class ScrutinyRoles {

    private ScrutinyRoles() {
    }

    /** The chair, members and secretariat: samples and sessions. */
    static boolean panel(Actor actor) {
        return member(actor) || actor.holds(Role.SECRETARIAT.name());
    }

    /** Members (the chair is one): they score encounters. */
    static boolean member(Actor actor) {
        return chair(actor) || actor.holds(Role.PANEL_MEMBER.name());
    }

    static boolean chair(Actor actor) {
        return actor.holds(Role.CHAIR.name());
    }
}
