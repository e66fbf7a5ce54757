package uk.saferschools.oversight.identity;

import java.util.Arrays;
import java.util.List;

/**
 * The users of DESIGN.md section 2. {@link #PUBLIC} is everyone, signed in or not, and is never
 * assigned; the rest are granted to accounts by an administrator. A chair may do all a panel member may.
 */
public enum Role {
    PUBLIC("Public", "Parents, pupils, journalists, researchers: published pages and open data. Everyone has it; it is never assigned."),
    PANEL_MEMBER("Panel member", "Drafts, papers, comments, recommendations and unpublished aggregate figures; never record-level data."),
    CHAIR("Chair", "As a panel member, plus agendas, approving minutes and approving the terms of reference."),
    SECRETARIAT("Secretariat", "Runs the panel: membership, meetings, documents and publication."),
    ANALYST("Analyst", "MPS or MOPAC data analyst: imports records, runs analyses, sees pseudonymised records, proposes publication."),
    POLICE_LIAISON("Police liaison", "MPS officers: answer recommendations, action points and requests to speak; never edit panel text."),
    AUDITOR("Auditor", "Information governance: reads the audit trail."),
    ADMINISTRATOR("Administrator", "System owner: accounts and roles.");

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The authority Spring Security checks, e.g. {@code ROLE_CHAIR}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The roles an administrator can grant: all but {@link #PUBLIC}. */
    public static List<Role> assignable() {
        return Arrays.stream(values()).filter(r -> r != PUBLIC).toList();
    }
}
