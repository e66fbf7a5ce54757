package uk.saferschools.oversight.classification;

/**
 * The five broad ethnic groups of the Census and of police officer-defined ethnicity, in the order
 * reports list them. Unknown (not stated, blank) is not a group: it is the absence of one.
 */
public enum EthnicGroup {
    ASIAN("Asian"), BLACK("Black"), MIXED("Mixed"), OTHER("Other"), WHITE("White");

    private final String label;

    EthnicGroup(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
