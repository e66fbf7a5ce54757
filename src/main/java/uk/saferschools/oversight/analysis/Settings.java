package uk.saferschools.oversight.analysis;

import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * What an analysis asks: children only or all ages, self- or officer-defined ethnicity, by borough
 * or not, and the reference group of its ratios.
 *
 * @param ethnicity {@code self} or {@code officer}
 */
public record Settings(boolean childrenOnly, String ethnicity, boolean byBorough, EthnicGroup reference) {

    public boolean officerDefined() {
        return "officer".equals(ethnicity);
    }
}
