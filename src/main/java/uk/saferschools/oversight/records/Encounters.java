package uk.saferschools.oversight.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.web.LondonTime;

/**
 * Encounters from our extended records, as body-worn video scrutiny may see them (issue 15): what a reviewer
 * needs to place an encounter (its date, power, age band, ethnic group, school, outcome and footage), and
 * never a name, the police's record reference or the footage's reference (only their keyed hashes are held).
 * An encounter is named by its record's identity: force, keyed record hash and power.
 */
@Service
public class Encounters {

    /** The identity of one encounter: its force, its record's keyed hash and the power used. */
    public record Identity(String force, String recordKey, String power) {
    }

    /**
     * What scrutiny may filter encounters by; a null (or empty) filter is not applied. {@code teams} are
     * keyed hashes of officer teams (for a sample targeted at teams rated amber or red before).
     */
    public record Filter(LocalDate from, LocalDate to, String borough, Integer schoolUrn, Boolean ssoInvolved, String power,
                         String outcome, boolean childrenOnly, Set<String> teams) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, null, false, Set.of());
    }

    /**
     * An encounter as a reviewer sees it. {@code reference} is a pseudonymised reference for the panel (from the
     * keyed record hash: not the police's); {@code footageRecorded} is null when not recorded either way.
     */
    public record Encounter(Identity identity, String reference, OffsetDateTime occurredAt, String power, String ageBand,
                            String ethnicGroup, Integer schoolUrn, String schoolName, Boolean onSchoolPremises, Boolean ssoInvolved,
                            String outcome, Boolean appropriateAdultPresent, Boolean footageRecorded, boolean footageReferenced,
                            String officerTeam, boolean synthetic) {

        public LocalDate occurredOn() {
            return occurredAt.atZoneSameInstant(LondonTime.LONDON).toLocalDate();
        }
    }

    private static final String COLUMNS = """
            select p.force, p.record_key, p.power, p.occurred_at, p.age_years, p.age_band, p.self_defined_group, p.school_urn,
                   s.name as school_name, p.on_school_premises, p.sso_involved, coalesce(p.outcome_normalised, p.outcome) as outcome,
                   p.appropriate_adult_present, p.bwv_recorded, p.bwv_reference is not null and p.bwv_reference <> '' as referenced,
                   p.officer_team_key, p.synthetic
            from power_use p left join school s on s.urn = p.school_urn""";

    private final JdbcClient jdbc;

    Encounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The identities of every encounter the filter admits, in no particular order (a sample orders them itself). */
    @Transactional(readOnly = true)
    public List<Identity> matching(Filter filter) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        if (filter.from() != null) {
            where.append(" and p.occurred_at >= ?");
            params.add(filter.from().atStartOfDay(LondonTime.LONDON).toOffsetDateTime());
        }
        if (filter.to() != null) {
            where.append(" and p.occurred_at < ?");
            params.add(filter.to().plusDays(1).atStartOfDay(LondonTime.LONDON).toOffsetDateTime());
        }
        if (filter.borough() != null && !filter.borough().isBlank()) {
            where.append(" and p.borough_code = ?");
            params.add(filter.borough().strip());
        }
        if (filter.schoolUrn() != null) {
            where.append(" and p.school_urn = ?");
            params.add(filter.schoolUrn());
        }
        if (filter.ssoInvolved() != null) {
            where.append(" and p.sso_involved = ?");
            params.add(filter.ssoInvolved());
        }
        if (filter.power() != null && !filter.power().isBlank()) {
            where.append(" and p.power = ?");
            params.add(filter.power().strip());
        }
        if (filter.outcome() != null && !filter.outcome().isBlank()) {
            where.append(" and coalesce(p.outcome_normalised, p.outcome) = ?");
            params.add(filter.outcome().strip());
        }
        if (filter.childrenOnly()) {
            where.append(" and ").append(Children.EXTENDED_RECORD);
        }
        if (filter.teams() != null && !filter.teams().isEmpty()) {
            where.append(" and p.officer_team_key = any (?)");
            params.add(filter.teams().toArray(String[]::new));
        }
        return jdbc.sql("select p.force, p.record_key, p.power from power_use p" + where).params(params)
                .query((rs, n) -> new Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3))).list();
    }

    /**
     * The encounters of these identities that are still held (a month removed takes its records with it), in the
     * order asked, in one query.
     */
    @Transactional(readOnly = true)
    public List<Encounter> of(Collection<Identity> identities) {
        if (identities.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(COLUMNS + " join unnest(?, ?, ?) with ordinality "
                        + "u(force, record_key, power, n) on p.force = u.force and p.record_key = u.record_key and p.power = u.power "
                        + "order by u.n")
                .params(column(identities, Identity::force), column(identities, Identity::recordKey), column(identities, Identity::power))
                .query(Encounters::encounter).list();
    }

    /**
     * The secret record keys of these encounters (ADR 0017), for the cell keys of counts made from them: a
     * count's cell key is the sum of its records' keys modulo 2^32. Never published, never shown; an encounter
     * without a key yet is left out (its count cannot be perturbed, so it is not published).
     */
    @Transactional(readOnly = true)
    public java.util.Map<Identity, Long> recordKeys(Collection<Identity> identities) {
        java.util.Map<Identity, Long> keys = new java.util.LinkedHashMap<>();
        if (identities.isEmpty()) {
            return keys;
        }
        jdbc.sql("select p.force, p.record_key, p.power, p.perturbation_key from power_use p join unnest(?, ?, ?) "
                        + "u(force, record_key, power) on p.force = u.force and p.record_key = u.record_key and p.power = u.power "
                        + "where p.perturbation_key is not null")
                .params(column(identities, Identity::force), column(identities, Identity::recordKey), column(identities, Identity::power))
                .query((rs, n) -> keys.put(new Identity(rs.getString(1), rs.getString(2).strip(), rs.getString(3)), rs.getLong(4))).list();
        return keys;
    }

    /** One field of every identity, as an array for {@code unnest}. */
    private static String[] column(Collection<Identity> identities, java.util.function.Function<Identity, String> field) {
        return identities.stream().map(field).toArray(String[]::new);
    }

    /** The names of the schools imported (the DfE register and the demonstration's), for the personal-details check. */
    @Transactional(readOnly = true)
    public List<String> schoolNames() {
        return jdbc.sql("select name from school order by name").query(String.class).list();
    }

    /** The officer teams of these encounters (keyed hashes), for a sample targeted at teams rated before. */
    @Transactional(readOnly = true)
    public Set<String> teamsOf(Collection<Identity> identities) {
        Set<String> teams = new java.util.TreeSet<>();
        of(identities).stream().map(Encounter::officerTeam).filter(t -> t != null && !t.isBlank()).forEach(teams::add);
        return teams;
    }

    private static Encounter encounter(ResultSet rs, int n) throws SQLException {
        String recordKey = rs.getString("record_key").strip();
        Integer age = (Integer) rs.getObject("age_years");
        String band = age == null ? rs.getString("age_band") : age < 10 ? "under 10" : age < Children.ADULT_FROM_AGE ? "10-17"
                : age < 25 ? "18-24" : age < 35 ? "25-34" : "over 34";
        return new Encounter(new Identity(rs.getString("force"), recordKey, rs.getString("power")), reference(recordKey),
                rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("power"), band, rs.getString("self_defined_group"),
                (Integer) rs.getObject("school_urn"), rs.getString("school_name"), (Boolean) rs.getObject("on_school_premises"),
                (Boolean) rs.getObject("sso_involved"), rs.getString("outcome"), (Boolean) rs.getObject("appropriate_adult_present"),
                (Boolean) rs.getObject("bwv_recorded"), rs.getBoolean("referenced"), rs.getString("officer_team_key"),
                rs.getBoolean("synthetic"));
    }

    /**
     * The panel's pseudonymised reference of an encounter: "E-" and the first ten characters of its keyed record
     * hash, upper case. It names the encounter among the panel's papers; without the hashing key it leads to no record.
     */
    public static String reference(String recordKey) {
        return "E-" + recordKey.substring(0, 10).toUpperCase(java.util.Locale.ROOT);
    }
}
