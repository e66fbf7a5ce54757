package uk.saferschools.oversight.classification;

import java.util.Arrays;
import java.util.Optional;

/**
 * The nineteen ethnic group categories of Census 2021 (England and Wales), labelled as ONS and NOMIS
 * publish them. The broad group is the text before the colon, the standard grouping: the Mixed
 * categories stay Mixed.
 */
public enum CensusEthnicCategory {
    BANGLADESHI("Asian, Asian British or Asian Welsh: Bangladeshi"),
    CHINESE("Asian, Asian British or Asian Welsh: Chinese"),
    INDIAN("Asian, Asian British or Asian Welsh: Indian"),
    PAKISTANI("Asian, Asian British or Asian Welsh: Pakistani"),
    OTHER_ASIAN("Asian, Asian British or Asian Welsh: Other Asian"),
    AFRICAN("Black, Black British, Black Welsh, Caribbean or African: African"),
    CARIBBEAN("Black, Black British, Black Welsh, Caribbean or African: Caribbean"),
    OTHER_BLACK("Black, Black British, Black Welsh, Caribbean or African: Other Black"),
    WHITE_AND_ASIAN("Mixed or Multiple ethnic groups: White and Asian"),
    WHITE_AND_BLACK_AFRICAN("Mixed or Multiple ethnic groups: White and Black African"),
    WHITE_AND_BLACK_CARIBBEAN("Mixed or Multiple ethnic groups: White and Black Caribbean"),
    OTHER_MIXED("Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups"),
    WHITE_BRITISH("White: English, Welsh, Scottish, Northern Irish or British"),
    WHITE_IRISH("White: Irish"),
    GYPSY_OR_IRISH_TRAVELLER("White: Gypsy or Irish Traveller"),
    ROMA("White: Roma"),
    OTHER_WHITE("White: Other White"),
    ARAB("Other ethnic group: Arab"),
    ANY_OTHER("Other ethnic group: Any other ethnic group");

    private final String label;
    private final EthnicGroup group;

    CensusEthnicCategory(String label) {
        this.label = label;
        String broad = label.substring(0, label.indexOf(':'));
        this.group = broad.startsWith("Asian") ? EthnicGroup.ASIAN
                : broad.startsWith("Black") ? EthnicGroup.BLACK
                : broad.startsWith("Mixed") ? EthnicGroup.MIXED
                : broad.startsWith("White") ? EthnicGroup.WHITE
                : EthnicGroup.OTHER;
    }

    /** The census label, e.g. {@code White: Irish}. */
    public String label() {
        return label;
    }

    /** The broad group: the text before the colon. */
    public EthnicGroup group() {
        return group;
    }

    /** By census label, ignoring case and surrounding space. */
    public static Optional<CensusEthnicCategory> byLabel(String label) {
        String wanted = label == null ? "" : label.trim();
        return Arrays.stream(values()).filter(c -> c.label.equalsIgnoreCase(wanted)).findFirst();
    }
}
