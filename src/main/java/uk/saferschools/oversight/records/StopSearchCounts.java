package uk.saferschools.oversight.records;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Aggregate counts of the imported police.uk records, for analyses: never a record, only counts by
 * force, month, borough and ethnic group. Vehicle searches are left out (no person was searched).
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
        String group = officerDefined ? "officer_defined_group" : "self_defined_group";
        return jdbc.sql("""
                select force, month, borough_code, %s as grp, count(*) as events,
                       count(*) filter (where outcome_normalised = 'ARREST') as arrests,
                       count(*) filter (where more_than_outer_clothing) as more_than_outer,
                       count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing) as arrested_more,
                       count(*) filter (where outcome_linked is not null) as known,
                       count(*) filter (where outcome_linked) as linked
                from stop_search
                where type <> 'Vehicle search' and (? = false or %s)
                  and (cast(? as text) is null or force = ?)
                  and (cast(? as date) is null or month >= ?) and (cast(? as date) is null or month <= ?)
                group by force, month, borough_code, %s
                order by force, month, borough_code""".formatted(group,
                        (children == null ? Children.Ages.NOUGHT_TO_SEVENTEEN : children).policeUkRecord(), group))
                .params(children != null, force, force, first(from), first(from), first(to), first(to))
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
        return jdbc.sql("""
                select count(*) from stop_search where type = 'Vehicle search'
                  and (cast(? as text) is null or force = ?)
                  and (cast(? as date) is null or month >= ?) and (cast(? as date) is null or month <= ?)""")
                .params(force, force, first(from), first(from), first(to), first(to)).query(Long.class).single();
    }

    private static LocalDate first(YearMonth month) {
        return month == null ? null : month.atDay(1);
    }
}
