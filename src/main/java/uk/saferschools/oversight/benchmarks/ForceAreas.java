package uk.saferschools.oversight.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Police force areas as sets of local authorities (ONS codes). The Metropolitan Police area
 * (E23000001) is the 32 London boroughs E09000002 to E09000033; the City of London Police area
 * (E23000034) is the City, E09000001.
 */
public final class ForceAreas {

    /** A force: its police.uk name, its ONS code and its local authorities. */
    public record ForceArea(String force, String code, List<String> localAuthorities) {
    }

    public static final ForceArea METROPOLITAN = new ForceArea("metropolitan", "E23000001",
            IntStream.rangeClosed(2, 33).mapToObj(n -> String.format("E090000%02d", n)).toList());
    public static final ForceArea CITY_OF_LONDON = new ForceArea("city-of-london", "E23000034", List.of("E09000001"));

    private static final Map<String, ForceArea> BY_FORCE = Map.of(METROPOLITAN.force(), METROPOLITAN,
            CITY_OF_LONDON.force(), CITY_OF_LONDON);

    private ForceAreas() {
    }

    /** By police.uk force name, e.g. {@code metropolitan}. */
    public static Optional<ForceArea> of(String force) {
        return Optional.ofNullable(BY_FORCE.get(force));
    }
}
