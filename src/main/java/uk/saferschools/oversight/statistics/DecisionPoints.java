package uk.saferschools.oversight.statistics;

import java.util.ArrayList;
import java.util.List;

/**
 * A decision-point chain (DESIGN.md section 5): each stage's denominator is the stage before it, e.g.
 * population → search → arrest → more than outer clothing removed. Comparing the conditional rates of
 * two groups stage by stage shows where a disparity arises, not just that it exists.
 */
public final class DecisionPoints {

    /** One stage: its count, the count of the stage before, and the share that went on. */
    public record Stage(String name, long count, double previous, Estimate share) {
    }

    private DecisionPoints() {
    }

    /**
     * @param population the first denominator (people)
     * @param names      the stages, in order
     * @param counts     each stage's count; never more than the stage before
     * @return the stages, ending early where a stage has nobody in it: the next has no denominator
     */
    public static List<Stage> chain(double population, List<String> names, List<Long> counts) {
        if (names.size() != counts.size()) {
            throw new IllegalArgumentException("A name for every stage");
        }
        List<Stage> stages = new ArrayList<>();
        double previous = population;
        for (int i = 0; i < names.size(); i++) {
            if (i > 0 && previous == 0) {
                break;
            }
            long count = counts.get(i);
            if (i > 0 && count > previous) {
                throw new IllegalArgumentException("Stage " + names.get(i) + " (" + count + ") is larger than the stage "
                        + "before it (" + (long) previous + "): each stage is a subset of the one before");
            }
            Estimate share = i == 0 ? Rates.ratePerThousand(count, previous)
                    : Rates.wilson(count, (long) previous);
            stages.add(new Stage(names.get(i), count, previous, share));
            previous = count;
        }
        return stages;
    }
}
