package uk.saferschools.oversight.identity;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who to tell: the enabled accounts holding a role, with the address of their daily digest if they gave one. */
@Service
public class Recipients {

    public record Recipient(String username, String displayName, Optional<String> email) {
    }

    private final JdbcClient jdbc;

    Recipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Enabled accounts with any of the roles (the chair counts as a panel member). */
    @Transactional(readOnly = true)
    public List<Recipient> withAnyRole(Set<Role> roles) {
        Set<String> names = new HashSet<>(roles.stream().map(Role::name).toList());
        if (names.contains(Role.PANEL_MEMBER.name())) {
            names.add(Role.CHAIR.name());
        }
        return jdbc.sql("""
                select distinct a.username, a.display_name, a.email from account a join account_role r on r.account_id = a.id
                where a.enabled and r.revoked_at is null and r.role = any (?) order by a.username""")
                .param(names.toArray(String[]::new))
                .query((rs, n) -> new Recipient(rs.getString("username"), rs.getString("display_name"),
                        Optional.ofNullable(rs.getString("email")))).list();
    }

    /** One account's digest address. */
    @Transactional(readOnly = true)
    public Optional<String> email(String username) {
        return jdbc.sql("select email from account where lower(username) = lower(?)").param(username).query(String.class)
                .optional().filter(Objects::nonNull);
    }
}
