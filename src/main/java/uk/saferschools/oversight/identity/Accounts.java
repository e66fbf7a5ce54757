package uk.saferschools.oversight.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts table and its histories. Nothing is deleted here. */
@Repository
class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("select count(*) from account").query(Long.class).single();
    }

    boolean anyDemonstration() {
        return jdbc.sql("select exists (select 1 from account where demonstration)").query(Boolean.class).single();
    }

    Optional<Account> byUsername(String username) {
        return jdbc.sql("select * from account where lower(username) = lower(?)").param(username)
                .query(this::map).optional();
    }

    Optional<Account> byId(long id) {
        return jdbc.sql("select * from account where id = ?").param(id).query(this::map).optional();
    }

    List<Account> all() {
        return jdbc.sql("select * from account order by lower(display_name), id").query(this::map).list();
    }

    long create(String username, String displayName, String passwordHash, boolean demonstration, String createdBy) {
        return jdbc.sql("""
                insert into account (username, display_name, password_hash, demonstration, created_by)
                values (?, ?, ?, ?, ?) returning id""")
                .params(username, displayName, passwordHash, demonstration, createdBy)
                .query(Long.class).single();
    }

    void grant(long accountId, Role role, String by) {
        jdbc.sql("""
                insert into account_role (account_id, role, granted_by) values (?, ?, ?)
                on conflict (account_id, role) where revoked_at is null do nothing""")
                .params(accountId, role.name(), by).update();
    }

    void revoke(long accountId, Role role, String by) {
        jdbc.sql("update account_role set revoked_at = now(), revoked_by = ? where account_id = ? and role = ? and revoked_at is null")
                .params(by, accountId, role.name()).update();
    }

    void setEnabled(long accountId, boolean enabled, String by, String reason) {
        jdbc.sql("update account set enabled = ? where id = ?").params(enabled, accountId).update();
        jdbc.sql("insert into account_status_change (account_id, enabled, changed_by, reason) values (?, ?, ?, ?)")
                .params(accountId, enabled, by, reason).update();
    }

    void setPasswordHash(long accountId, String passwordHash) {
        jdbc.sql("update account set password_hash = ? where id = ?").params(passwordHash, accountId).update();
    }

    /** An issued password (new account, reset, generated at first start) must be replaced by the holder's own. */
    void setPasswordMustChange(long accountId, boolean mustChange) {
        jdbc.sql("update account set password_must_change = ? where id = ?").params(mustChange, accountId).update();
    }

    /** What a signed-in session may still do: the account's state now, read on each of its requests. */
    record Standing(boolean enabled, boolean passwordMustChange, Set<String> authorities) {
        static final Standing GONE = new Standing(false, false, Set.of());
    }

    /** The account's standing now: enabled, whether it must change its password, and its roles' authorities. */
    Standing standing(String username) {
        return jdbc.sql("""
                select a.enabled, a.password_must_change,
                       coalesce(array_agg(r.role) filter (where r.role is not null), '{}') as roles
                from account a left join account_role r on r.account_id = a.id and r.revoked_at is null
                where lower(a.username) = lower(?) group by a.id""").param(username)
                .query((rs, n) -> new Standing(rs.getBoolean("enabled"), rs.getBoolean("password_must_change"),
                        Arrays.stream((String[]) rs.getArray("roles").getArray())
                                .map(r -> Role.valueOf(r).authority()).collect(Collectors.toSet())))
                .optional().orElse(Standing.GONE);
    }

    boolean passwordMustChange(String username) {
        return jdbc.sql("select password_must_change from account where lower(username) = lower(?)").param(username)
                .query(Boolean.class).optional().orElse(false);
    }

    /** Notes, for the administrator's pages, that sign-in is refused from some address until then. */
    void lockedUntil(long accountId, Instant until) {
        jdbc.sql("update account set locked_until = greatest(coalesce(locked_until, ?), ?) where id = ?")
                .params(OffsetDateTime.ofInstant(until, ZoneOffset.UTC), OffsetDateTime.ofInstant(until, ZoneOffset.UTC),
                        accountId).update();
    }

    void clearLock(long accountId) {
        jdbc.sql("update account set locked_until = null where id = ?").param(accountId).update();
    }

    List<RoleGrant> roleHistory(long accountId) {
        return jdbc.sql("select * from account_role where account_id = ? order by granted_at, id").param(accountId)
                .query((rs, n) -> new RoleGrant(Role.valueOf(rs.getString("role")), instant(rs, "granted_at"),
                        rs.getString("granted_by"), instant(rs, "revoked_at"), rs.getString("revoked_by")))
                .list();
    }

    List<StatusChange> statusHistory(long accountId) {
        return jdbc.sql("select * from account_status_change where account_id = ? order by changed_at, id").param(accountId)
                .query((rs, n) -> new StatusChange(rs.getBoolean("enabled"), instant(rs, "changed_at"),
                        rs.getString("changed_by"), rs.getString("reason")))
                .list();
    }

    private Account map(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        return new Account(id, rs.getString("username"), rs.getString("display_name"), rs.getString("password_hash"),
                rs.getBoolean("enabled"), rs.getBoolean("demonstration"), rs.getBoolean("password_must_change"),
                instant(rs, "locked_until"), instant(rs, "created_at"), rs.getString("created_by"), currentRoles(id));
    }

    private Set<Role> currentRoles(long accountId) {
        List<String> names = jdbc.sql("select role from account_role where account_id = ? and revoked_at is null")
                .param(accountId).query(String.class).list();
        return roles(names);
    }

    static Set<Role> roles(Collection<String> names) {
        return names.stream().map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String describeRoles(Set<Role> roles) {
        return roles.isEmpty() ? "no roles" : roles.stream().map(Role::name).collect(Collectors.joining(","));
    }

}
