package uk.saferschools.oversight.records;

import java.util.Locale;
import java.util.Optional;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * What police.uk ethnicity labels mean, for other modules. Self-defined labels belong to the broad
 * group named before " - " (so the 2001-style "Chinese or other ethnic group" is Other); any "Not
 * stated" label or a blank is unknown. Labels the importer knows are looked up; any other follows the
 * same rule by its prefix.
 */
public final class PoliceUkVocabulary {

    private PoliceUkVocabulary() {
    }

    public static Optional<EthnicGroup> selfDefinedGroup(String label) {
        String value = label == null ? "" : label.trim();
        if (value.isEmpty() || value.toLowerCase(Locale.ROOT).contains("not stated")) {
            return Optional.empty();
        }
        PoliceUkLabels.SelfDefined known = PoliceUkLabels.selfDefined(value);
        if (known != null) {
            return Optional.ofNullable(known.group());
        }
        int dash = value.indexOf(" - ");
        String broad = (dash < 0 ? value : value.substring(0, dash)).toLowerCase(Locale.ROOT);
        return broad.startsWith("asian") ? Optional.of(EthnicGroup.ASIAN)
                : broad.startsWith("black") ? Optional.of(EthnicGroup.BLACK)
                : broad.startsWith("mixed") ? Optional.of(EthnicGroup.MIXED)
                : broad.startsWith("white") ? Optional.of(EthnicGroup.WHITE)
                : broad.startsWith("other") || broad.startsWith("chinese") ? Optional.of(EthnicGroup.OTHER)
                : Optional.empty();
    }

    public static Optional<EthnicGroup> officerDefinedGroup(String label) {
        String value = label == null ? "" : label.trim();
        return value.isEmpty() ? Optional.empty() : Optional.ofNullable(PoliceUkLabels.officerDefined(value));
    }
}
