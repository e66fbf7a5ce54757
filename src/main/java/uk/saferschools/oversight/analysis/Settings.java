package uk.saferschools.oversight.analysis;

import java.time.YearMonth;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * What an analysis asks: children only or all ages, self- or officer-defined ethnicity, by borough
 * or not, the reference group of its ratios, and the force and whole months it covers.
 *
 * @param ethnicity {@code self} or {@code officer}
 * @param force     police.uk name of the force; null for the first force held
 * @param from      first month of the period; null for the force's first month held
 * @param to        last month of the period; null for the force's last month held
 */
public record Settings(boolean childrenOnly, String ethnicity, boolean byBorough, EthnicGroup reference, String force,
                       YearMonth from, YearMonth to) {

    /** Over every month held of the first force held. */
    public Settings(boolean childrenOnly, String ethnicity, boolean byBorough, EthnicGroup reference) {
        this(childrenOnly, ethnicity, byBorough, reference, null, null, null);
    }

    public boolean officerDefined() {
        return "officer".equals(ethnicity);
    }
}
