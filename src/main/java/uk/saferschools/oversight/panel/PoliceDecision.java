package uk.saferschools.oversight.panel;

/** The police's answer to a recommendation. */
public enum PoliceDecision {
    ACCEPTED("Accepted"), PARTLY_ACCEPTED("Partly accepted"), NOT_ACCEPTED("Not accepted");

    private final String label;

    PoliceDecision(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
