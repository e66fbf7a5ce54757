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

    static boolean secretariat(Actor actor) {
        return actor.holds(Role.SECRETARIAT.name());
    }

    /** The police liaison: answers action points; never reads a score. */
    static boolean police(Actor actor) {
        return actor.holds(Role.POLICE_LIAISON.name());
    }

    /** The role an action was taken in, shown to the police instead of a panel member's name. */
    static String acting(Actor actor) {
        return chair(actor) ? "Chair" : member(actor) ? "Panel member" : secretariat(actor) ? "Secretariat"
                : police(actor) ? "Police liaison" : "System";
    }
}
