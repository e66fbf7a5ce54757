package uk.saferschools.oversight.analysis;

import java.time.YearMonth;
import uk.saferschools.oversight.classification.EthnicGroup;
import uk.saferschools.oversight.records.Children;

/**
 * What an analysis asks: children only (of which ages) or all ages, self- or officer-defined ethnicity, by
 * borough or not, the reference group of its ratios, and the force and whole months it covers.
 *
 * @param ages      the children's ages, when children only (events and population both cover them)
 * @param ethnicity {@code self} or {@code officer}
 * @param force     police.uk name of the force; null for the first force held
 * @param from      first month of the period; null for the force's first month held
 * @param to        last month of the period; null for the force's last month held
 */
public record Settings(boolean childrenOnly, Children.Ages ages, String ethnicity, boolean byBorough, EthnicGroup reference,
                       String force, YearMonth from, YearMonth to) {

    public Settings {
        ages = ages == null ? Children.Ages.DEFAULT : ages;
    }

    /** Children of the default ages, or all ages. */
    public Settings(boolean childrenOnly, String ethnicity, boolean byBorough, EthnicGroup reference, String force,
                    YearMonth from, YearMonth to) {
        this(childrenOnly, Children.Ages.DEFAULT, ethnicity, byBorough, reference, force, from, to);
    }

    /** Over every month held of the first force held. */
    public Settings(boolean childrenOnly, String ethnicity, boolean byBorough, EthnicGroup reference) {
        this(childrenOnly, ethnicity, byBorough, reference, null, null, null);
    }

    /** The children's ages counted, or null for all ages. */
    public Children.Ages children() {
        return childrenOnly ? ages : null;
    }

    public boolean officerDefined() {
        return "officer".equals(ethnicity);
    }
}
