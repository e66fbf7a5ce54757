package uk.saferschools.oversight.analysis;

import java.util.Map;
import java.util.TreeMap;
import uk.saferschools.oversight.benchmarks.ForceAreas;
import uk.saferschools.oversight.geography.BoroughBoundaries;

/**
 * The names of the areas an analysis names by ONS code: the force areas, and the London boroughs from
 * the boundaries shipped with the product.
 */
final class AreaNames {

    private AreaNames() {
    }

    private static final Map<String, String> FORCE_AREAS = Map.of(
            ForceAreas.METROPOLITAN.code(), "Metropolitan Police area",
            ForceAreas.CITY_OF_LONDON.code(), "City of London Police area");

    /** The boroughs' names, read from the boundaries only when a code other than a force area's is named. */
    private static final class Boroughs {
        static final Map<String, String> BY_CODE = new TreeMap<>();

        static {
            BoroughBoundaries.london().boroughs().forEach(b -> BY_CODE.putIfAbsent(b.code(), b.name()));
        }
    }

    /** "Barking and Dagenham" for E09000002; the code itself when no name is known. */
    public static String of(String code) {
        String force = FORCE_AREAS.get(code);
        return force != null ? force : Boroughs.BY_CODE.getOrDefault(code, code);
    }

    /** Whether a name is known for the code. */
    public static boolean known(String code) {
        return FORCE_AREAS.containsKey(code) || Boroughs.BY_CODE.containsKey(code);
    }

    /** "Barking and Dagenham (E09000002)", or the code alone when no name is known. */
    public static String withCode(String code) {
        return known(code) ? of(code) + " (" + code + ")" : code;
    }
}
