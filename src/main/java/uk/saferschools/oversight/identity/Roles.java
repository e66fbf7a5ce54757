package uk.saferschools.oversight.identity;

import uk.saferschools.oversight.audit.Actor;

/**
 * What an actor's roles make them on the panel, checked in the services as well as on the pages: one place for the
 * panel's own content and its body-worn video reviews alike. A chair is a member; the panel is the members and the
 * secretariat.
 */
public final class Roles {

    private Roles() {
    }

    /** Chair, members and secretariat: everything the panel holds, drafts included. */
    public static boolean panel(Actor actor) {
        return member(actor) || secretariat(actor);
    }

    /** Members (the chair is one): they write panel text and score encounters. */
    public static boolean member(Actor actor) {
        return chair(actor) || actor.holds(Role.PANEL_MEMBER.name());
    }

    public static boolean chair(Actor actor) {
        return actor.holds(Role.CHAIR.name());
    }

    public static boolean secretariat(Actor actor) {
        return actor.holds(Role.SECRETARIAT.name());
    }

    /** The police liaison: answers recommendations and action points; never edits panel text or reads a score. */
    public static boolean police(Actor actor) {
        return actor.holds(Role.POLICE_LIAISON.name());
    }

    /** The role an action was taken in, shown to the public and the police instead of the person's name. */
    public static String acting(Actor actor) {
        return chair(actor) ? "Chair" : member(actor) ? "Panel member" : secretariat(actor) ? "Secretariat"
                : police(actor) ? "Police liaison" : "System";
    }
}
