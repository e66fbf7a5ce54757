package uk.saferschools.oversight.panel;

/** Where a recommendation is in its life; only issued ones (from {@link #OPEN}) are ever public. */
public enum RecommendationStatus {
    DRAFT("Draft", false),
    AGREED("Agreed by the panel, not yet issued", false),
    OPEN("Issued, awaiting the police response", true),
    IN_PROGRESS("In progress", true),
    IMPLEMENTED("Implemented (reported by the police)", true),
    CLOSED("Closed", true),
    NOT_ACCEPTED("Not accepted by the police", true);

    private final String label;
    private final boolean issued;

    RecommendationStatus(String label, boolean issued) {
        this.label = label;
        this.issued = issued;
    }

    public String label() {
        return label;
    }

    /** Issued to the police, and so public. */
    public boolean issued() {
        return issued;
    }
}
