package uk.saferschools.oversight.publication;

import java.time.LocalDate;
import java.time.Month;
import java.util.Optional;

/**
 * The fixed periods police.uk figures are published for: a calendar quarter (January to March, April to
 * June, July to September, October to December), or a financial year of four of them (1 April to 31
 * March), the year the Home Office publishes its stop and search statistics by (<i>Police powers and
 * procedures: stop and search and arrests, England and Wales</i>, year ending 31 March). With only these,
 * any two publications either cover the same quarters, none in common, or a year and quarters of it, so
 * every overlap is of whole quarters and the record of what is public stays auditable quarter by quarter
 * (ADR 0010). Analysts may analyse any months; only publishing is held to these periods.
 */
final class ReportingPeriods {

    private ReportingPeriods() {
    }

    /** Why the period from {@code from} to {@code to} cannot be published, or empty when it can. */
    static Optional<String> whyNotPublishable(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            return Optional.of("The analysis's period is not known: publish an analysis of a calendar quarter or a financial year");
        }
        boolean quarter = isQuarterStart(from) && to.equals(from.plusMonths(3).minusDays(1));
        boolean financialYear = from.getMonth() == Month.APRIL && from.getDayOfMonth() == 1
                && to.equals(from.plusYears(1).minusDays(1));
        if (quarter || financialYear) {
            return Optional.empty();
        }
        return Optional.of("Figures are published for a calendar quarter (such as 1 April to 30 June) or a financial year "
                + "(1 April to 31 March), and this analysis is of " + from + " to " + to + ". Publications of fixed periods can "
                + "be protected together, so that none can be subtracted from another: ask for an analysis of a quarter or a "
                + "financial year.");
    }

    private static boolean isQuarterStart(LocalDate day) {
        return day.getDayOfMonth() == 1 && (day.getMonthValue() - 1) % 3 == 0;
    }
}
