package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Aggregate counts of the imported police.uk records, for analyses: never a record, only counts by
 * force, month, borough and ethnic group. Vehicle searches are left out (no person was searched).
 * <p>
 * Read from the cells kept at import ({@code stop_search_cell}, V27; docs/adr/0021-analyses-read-cells.md),
 * never from the records: an analysis costs what its force's cells cost, however many records are held. The
 * cells hold the same counts a count over {@code stop_search} would give (KeepingTheCellTableInStepWithTheRecordsTest).
 */
@Service
public class StopSearchCounts {

    /**
     * One cell: its events and, of them, arrests, more-than-outer-clothing removals (all and among the
     * arrested) and outcome-linked counts.
     *
     * @param group null for unknown ethnicity
     */
    public record Cell(String force, YearMonth month, String boroughCode, EthnicGroup group, long events, long arrests,
                       long moreThanOuterClothing, long arrestedAndMoreThanOuterClothing, long outcomeKnown,
                       long outcomeLinked) {
    }

    private final JdbcClient jdbc;

    StopSearchCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every force and month held. */
    @Transactional(readOnly = true)
    public List<Cell> count(Children.Ages children, boolean officerDefined) {
        return count(children, officerDefined, null, null, null);
    }

    /**
     * Only the records of {@code force} (every force when null) in the months {@code from} to {@code to}
     * inclusive (no bound when null); of children of the ages {@code children} only, or of all ages when null.
     */
    @Transactional(readOnly = true)
    public List<Cell> count(Children.Ages children, boolean officerDefined, String force, YearMonth from, YearMonth to) {
        Scope scope = new Scope(force, from, to);
        List<Object> params = new ArrayList<>();
        params.add(officerDefined ? "OFFICER" : "SELF");
        params.addAll(scope.params());
        return jdbc.sql("""
                select force, month, borough_code, ethnic_group as grp, sum(events) as events,
                       sum(arrests) as arrests,
                       sum(more_than_outer_clothing) as more_than_outer,
                       sum(arrested_and_more_than_outer_clothing) as arrested_more,
                       sum(outcome_known) as known,
                       sum(outcome_linked) as linked
                from stop_search_cell
                where definition = ? and not vehicle%s%s
                group by force, month, borough_code, ethnic_group
                order by force, month, borough_code""".formatted(children == null ? "" : " and " + children.cells(), scope.sql()))
                .params(params)
                .query((rs, n) -> new Cell(rs.getString("force"), YearMonth.from(rs.getObject("month", LocalDate.class)),
                        rs.getString("borough_code"), rs.getString("grp") == null ? null : EthnicGroup.valueOf(rs.getString("grp")),
                        rs.getLong("events"), rs.getLong("arrests"), rs.getLong("more_than_outer"), rs.getLong("arrested_more"),
                        rs.getLong("known"), rs.getLong("linked")))
                .list();
    }

    @Transactional(readOnly = true)
    public long vehicleSearches() {
        return vehicleSearches(null, null, null);
    }

    /** Vehicle searches of {@code force} in the months {@code from} to {@code to} (nulls: no bound). */
    @Transactional(readOnly = true)
    public long vehicleSearches(String force, YearMonth from, YearMonth to) {
        Scope scope = new Scope(force, from, to);
        // each definition's cells hold every record once: either one counts them
        return jdbc.sql("select coalesce(sum(events), 0) from stop_search_cell where definition = 'SELF' and vehicle" + scope.sql())
                .params(scope.params()).query(Long.class).single();
    }

    /**
     * A force and months as SQL conditions over the cells, only those given: a query plan kept for the
     * statement then always uses the index on force and month.
     */
    private record Scope(String force, YearMonth from, YearMonth to) {
        String sql() {
            return (force == null ? "" : " and force = ?") + (from == null ? "" : " and month >= ?")
                    + (to == null ? "" : " and month <= ?");
        }

        List<Object> params() {
            List<Object> params = new ArrayList<>();
            if (force != null) {
                params.add(force);
            }
            if (from != null) {
                params.add(from.atDay(1));
            }
            if (to != null) {
                params.add(to.atDay(1));
            }
            return params;
        }
    }
}
