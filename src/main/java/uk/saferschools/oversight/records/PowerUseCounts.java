package uk.saferschools.oversight.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.classification.EthnicGroup;

/**
 * Aggregate counts of the extended records of powers used: never a record, only counts. Each count carries
 * its cell key for the cell key method (ADR 0017): the sum of its records' secret record keys modulo 2^32,
 * computed in the same query; null when a record counted has no key yet. The key of a total is the sum of
 * its cells' keys modulo 2^32, which is the sum of all its records' keys.
 */
@Service
public class PowerUseCounts {

    /** Uses of powers on children by whether a Safer Schools Officer was involved, and ethnic group (null: unknown). */
    public record SsoCell(boolean ssoInvolved, EthnicGroup group, long events, Long cellKey) {
        /** A count without a cell key (counted from files, not from the records kept here). */
        public SsoCell(boolean ssoInvolved, EthnicGroup group, long events) {
            this(ssoInvolved, group, events, null);
        }
    }

    /** Uses of powers on children linked to a school, by school URN and ethnic group (null: unknown). */
    public record SchoolCell(int urn, EthnicGroup group, long events, Long cellKey) {
        /** A count without a cell key. */
        public SchoolCell(int urn, EthnicGroup group, long events) {
            this(urn, group, events, null);
        }
    }

    /** A school's latest roll for one group; {@code pupils} is null where the count was suppressed. */
    public record RollCell(int urn, String schoolName, String academicYear, EthnicGroup group, Long pupils) {
    }

    /**
     * Which extended records count: those of {@code force} (every force when null) that happened, in
     * London time, from {@code from} to {@code to} inclusive (no bound when null).
     */
    public record Scope(String force, LocalDate from, LocalDate to, Children.Ages ages) {
        /** Of children aged 0 to 17. */
        public Scope(String force, LocalDate from, LocalDate to) {
            this(force, from, to, Children.Ages.NOUGHT_TO_SEVENTEEN);
        }
    }

    /**
     * The children's records of a scope (of its ages, {@link Children.Ages#extendedRecord()}), as SQL over
     * {@code power_use p} standing for {@code {children}} in a query, with its parameters after those before it.
     */
    private static final String CHILDREN_IN_SCOPE = "{ages}" + """

              and (cast(? as text) is null or p.force = ?)
              and (cast(? as date) is null or (p.occurred_at at time zone 'Europe/London')::date >= ?)
              and (cast(? as date) is null or (p.occurred_at at time zone 'Europe/London')::date <= ?)""";

    private final JdbcClient jdbc;

    PowerUseCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A query over the children's records of a scope, which stand for {@code {children}} in its SQL. */
    private StatementSpec ofChildren(String sql, Scope scope) {
        return jdbc.sql(sql.replace("{children}", CHILDREN_IN_SCOPE.replace("{ages}", scope.ages().extendedRecord())))
                .params(scope.force(), scope.force(), scope.from(), scope.from(), scope.to(), scope.to());
    }

    private static String group(boolean officerDefined) {
        return officerDefined ? "officer_defined_group" : "self_defined_group";
    }

    /**
     * SQL: the cell key of the records counted (those matching {@code filter}, SQL over {@code p}), as
     * {@code alias}; null when any of them has no record key.
     */
    private static String cellKey(String filter, String alias) {
        String where = filter == null ? "" : " filter (where " + filter + ")";
        return ("case when count(p.perturbation_key)%1$s = count(*)%1$s"
                + " then (coalesce(sum(p.perturbation_key)%1$s, 0) %% 4294967296)::bigint end as %2$s").formatted(where, alias);
    }

    private static Long key(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, Long.class);
    }

    private static EthnicGroup group(ResultSet rs) throws SQLException {
        String group = rs.getString("grp");
        return group == null ? null : EthnicGroup.valueOf(group);
    }

    /** Children's records counted by a column (those without it left out) and ethnic group. */
    private <T> List<T> childrenBy(String column, boolean officerDefined, Scope scope, RowMapper<T> cell) {
        String group = group(officerDefined);
        return ofChildren("""
                select %1$s as counted_by, %2$s as grp, count(*) as events, %3$s from power_use p
                where %1$s is not null and {children}
                group by %1$s, %2$s""".formatted(column, group, cellKey(null, "cell_key")), scope).query(cell).list();
    }

    /** Children's records with the SSO flag known (records without it are left out). */
    @Transactional(readOnly = true)
    public List<SsoCell> childrenBySso(boolean officerDefined, Scope scope) {
        return childrenBy("sso_involved", officerDefined, scope,
                (rs, n) -> new SsoCell(rs.getBoolean("counted_by"), group(rs), rs.getLong("events"), key(rs, "cell_key")));
    }

    /** Children's records that name a school. */
    @Transactional(readOnly = true)
    public List<SchoolCell> childrenBySchool(boolean officerDefined, Scope scope) {
        return childrenBy("school_urn", officerDefined, scope,
                (rs, n) -> new SchoolCell(rs.getInt("counted_by"), group(rs), rs.getLong("events"), key(rs, "cell_key")));
    }

    /** Each school's roll for its latest academic year, by the five groups (Unknown left out). */
    @Transactional(readOnly = true)
    public List<RollCell> latestRolls() {
        return jdbc.sql("""
                select r.urn, s.name, r.academic_year, r.ethnic_group, r.pupils::bigint as pupils from school_roll r
                join school s on s.urn = r.urn
                where r.ethnic_group <> 'UNKNOWN'
                  and r.academic_year = (select max(academic_year) from school_roll l where l.urn = r.urn)
                order by r.urn, r.ethnic_group""")
                .query((rs, n) -> new RollCell(rs.getInt("urn"), rs.getString("name"), rs.getString("academic_year"),
                        EthnicGroup.valueOf(rs.getString("ethnic_group")), (Long) rs.getObject("pupils", Long.class)))
                .list();
    }

    /**
     * A count of more thorough and strip searches of children (power MORE_THOROUGH_SEARCH or
     * STRIP_SEARCH_INTIMATE_PARTS) by ethnic group (null: unknown), whether an appropriate adult was present
     * (null: not recorded) and the normalised outcome (null: not recorded).
     */
    public record StripSearchCell(String power, EthnicGroup group, Boolean appropriateAdult, String outcome, long events,
                                  Long cellKey) {
    }

    @Transactional(readOnly = true)
    public List<StripSearchCell> childrenStripSearches(boolean officerDefined, Scope scope) {
        String group = group(officerDefined);
        return ofChildren("""
                select power, %1$s as grp, appropriate_adult_present as adult, outcome_normalised as outcome, count(*) as events,
                       %2$s
                from power_use p
                where power in ('MORE_THOROUGH_SEARCH', 'STRIP_SEARCH_INTIMATE_PARTS')
                  and {children}
                group by power, %1$s, appropriate_adult_present, outcome_normalised
                order by 1, 2, 3, 4""".formatted(group, cellKey(null, "cell_key")), scope)
                .query((rs, n) -> new StripSearchCell(rs.getString("power"), group(rs),
                        (Boolean) rs.getObject("adult", Boolean.class), rs.getString("outcome"), rs.getLong("events"),
                        key(rs, "cell_key")))
                .list();
    }

    /** The first and last day (London) of the children's extended records in the scope, or null when there are none. */
    @Transactional(readOnly = true)
    public LocalDate[] childrenPeriod(Scope scope) {
        // one row, whose dates are null when there are no records (a null row is not a "single" result)
        List<LocalDate[]> period = ofChildren("""
                select min((occurred_at at time zone 'Europe/London')::date) as first,
                       max((occurred_at at time zone 'Europe/London')::date) as last
                from power_use p where {children}""", scope)
                .query((rs, n) -> rs.getObject("first") == null ? null : new LocalDate[] {
                        rs.getObject("first", LocalDate.class), rs.getObject("last", LocalDate.class)})
                .list();
        return period.get(0);
    }

    /**
     * Body-worn video on children's records: how many uses of powers say it was recording, not, or do not say,
     * each with its cell key.
     */
    public record BwvCoverage(long recorded, long notRecorded, long unknown, Long recordedKey, Long notRecordedKey,
                              Long unknownKey) {
        public long total() {
            return recorded + notRecorded + unknown;
        }
    }

    @Transactional(readOnly = true)
    public BwvCoverage childrenBwvCoverage(Scope scope) {
        return ofChildren("""
                select count(*) filter (where bwv_recorded) as recorded, count(*) filter (where not bwv_recorded) as not_recorded,
                       count(*) filter (where bwv_recorded is null) as unknown, %s, %s, %s
                from power_use p where {children}""".formatted(cellKey("bwv_recorded", "recorded_key"),
                cellKey("not bwv_recorded", "not_recorded_key"), cellKey("bwv_recorded is null", "unknown_key")), scope)
                .query((rs, n) -> new BwvCoverage(rs.getLong("recorded"), rs.getLong("not_recorded"), rs.getLong("unknown"),
                        key(rs, "recorded_key"), key(rs, "not_recorded_key"), key(rs, "unknown_key"))).single();
    }

    /**
     * Where the children's extended records of a scope come from: the months (London time) that have any,
     * and whether any of them came from an import marked synthetic (or is itself marked synthetic).
     */
    public record Sources(List<YearMonth> months, boolean synthetic) {
    }

    @Transactional(readOnly = true)
    public Sources childrenSources(Scope scope) {
        List<YearMonth> months = ofChildren("""
                select distinct to_char(p.occurred_at at time zone 'Europe/London', 'YYYY-MM') as month
                from power_use p where {children} order by 1""", scope).query((rs, n) -> YearMonth.parse(rs.getString("month"))).list();
        boolean synthetic = ofChildren("""
                select exists (select 1 from power_use p join import_batch b on b.id = p.batch_id
                               where (b.synthetic or p.synthetic) and {children})""", scope).query(Boolean.class).single();
        return new Sources(months, synthetic);
    }
}
