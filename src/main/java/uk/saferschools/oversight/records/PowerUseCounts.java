package uk.saferschools.oversight.records;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import uk.saferschools.oversight.classification.EthnicGroup;

/** Aggregate counts of the extended records of powers used: never a record, only counts. */
@Service
public class PowerUseCounts {

    /** Uses of powers on children by whether a Safer Schools Officer was involved, and ethnic group (null: unknown). */
    public record SsoCell(boolean ssoInvolved, EthnicGroup group, long events) {
    }

    private final JdbcClient jdbc;

    PowerUseCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Children's records with the SSO flag known (records without it are left out). */
    @Transactional(readOnly = true)
    public List<SsoCell> childrenBySso(boolean officerDefined) {
        String group = officerDefined ? "officer_defined_group" : "self_defined_group";
        return jdbc.sql("""
                select sso_involved, %s as grp, count(*) as events from power_use
                where sso_involved is not null and (age_years < 18 or age_band in ('under 10', '10-17'))
                group by sso_involved, %s""".formatted(group, group))
                .query((rs, n) -> new SsoCell(rs.getBoolean("sso_involved"),
                        rs.getString("grp") == null ? null : EthnicGroup.valueOf(rs.getString("grp")), rs.getLong("events")))
                .list();
    }
}
