package uk.saferschools.oversight.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.support.DatabaseAs;
import uk.saferschools.oversight.support.OversightTest;

/**
 * The application's connections use a role that owns no table and may only add rows to the append-only
 * tables, so that whoever holds the application's database credentials cannot switch the triggers off
 * and rewrite the audit trail. The migrations run as the owner.
 */
@OversightTest
class RunningAsTheApplicationRoleTest {

    /**
     * Tables whose triggers let some UPDATEs through (confirming, deciding once) and refuse the rest; the
     * other tables with triggers are append-only and listed in afterMigrate__application_role_grants.sql.
     */
    static final Set<String> GUARDED_UPDATES = Set.of("declaration", "publication_proposal");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void the_applications_connections_use_a_role_that_owns_nothing_and_is_no_superuser() {
        assertThat(jdbc.sql("select current_user").query(String.class).single())
                .isEqualTo(EmbeddedPostgresServer.APPLICATION_ROLE);
        assertThat(jdbc.sql("select count(*) from pg_class where relowner = current_user::regrole").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from pg_proc where proowner = current_user::regrole").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from pg_namespace where nspowner = current_user::regrole").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        assertThat(jdbc.sql("select pg_has_role(current_user, 'oversight_owner', 'MEMBER')").query(Boolean.class).single())
                .as("not a member of the owner role either").isFalse();
        assertThat(jdbc.sql("select pg_get_userbyid(datdba) from pg_database where datname = current_database()")
                .query(String.class).single()).isEqualTo(EmbeddedPostgresServer.OWNER_ROLE);
    }

    @Test
    void the_migrations_ran_as_the_owner_who_owns_every_table() {
        DatabaseAs.owner(dataSource, owner -> assertThat(owner.sql("select distinct installed_by from flyway_schema_history")
                .query(String.class).list()).containsExactly(EmbeddedPostgresServer.OWNER_ROLE));
        assertThat(jdbc.sql("select distinct tableowner from pg_tables where schemaname = 'public'").query(String.class).list())
                .containsExactly(EmbeddedPostgresServer.OWNER_ROLE);
    }

    @Test
    void the_application_role_cannot_disable_the_triggers_of_any_table_or_create_its_own_tables() {
        List<String> guarded = tablesWithTriggers();
        assertThat(guarded).contains("audit_entry", "analysis_snapshot", "recommendation_text", "publication");
        for (String table : guarded) {
            assertThatThrownBy(() -> jdbc.sql("alter table " + table + " disable trigger all").update())
                    .rootCause().as(table).hasMessageContaining("must be owner of table " + table);
        }
        assertThatThrownBy(() -> jdbc.sql("create table audit_entry_copy (like audit_entry)").update())
                .rootCause().hasMessageContaining("permission denied for schema public");
    }

    @Test
    void every_table_whose_triggers_refuse_changes_is_closed_to_the_application_role_except_for_adding_rows() {
        for (String table : tablesWithTriggers()) {
            assertThat(privilege(table, "SELECT")).as("SELECT on " + table).isTrue();
            assertThat(privilege(table, "INSERT")).as("INSERT on " + table).isTrue();
            assertThat(privilege(table, "DELETE")).as("DELETE on " + table).isFalse();
            assertThat(privilege(table, "TRUNCATE")).as("TRUNCATE on " + table).isFalse();
            assertThat(privilege(table, "TRIGGER")).as("TRIGGER on " + table).isFalse();
            assertThat(privilege(table, "UPDATE")).as("UPDATE on " + table).isEqualTo(GUARDED_UPDATES.contains(table));
        }
    }

    @Test
    void the_application_role_cannot_change_the_audit_trail_even_where_the_triggers_would_not_stop_it() {
        long before = jdbc.sql("select count(*) from audit_entry").query(Long.class).single();
        for (String change : List.of("update audit_entry set actor = 'x'", "delete from audit_entry", "truncate audit_entry")) {
            assertThatThrownBy(() -> jdbc.sql(change).update())
                    .rootCause().as(change).hasMessageContaining("permission denied for table audit_entry");
        }
        assertThatThrownBy(() -> jdbc.sql("update flyway_schema_history set success = false").update())
                .rootCause().hasMessageContaining("permission denied for table flyway_schema_history");
        assertThat(jdbc.sql("select count(*) from audit_entry").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void the_owner_still_meets_the_triggers() {
        DatabaseAs.owner(dataSource, owner -> {
            assertThat(owner.sql("select current_user").query(String.class).single()).isEqualTo(EmbeddedPostgresServer.OWNER_ROLE);
            assertThatThrownBy(() -> owner.sql("delete from audit_entry").update()).hasMessageContaining("append-only");
        });
    }

    List<String> tablesWithTriggers() {
        return jdbc.sql("""
                select distinct c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and not t.tgisinternal order by 1""").query(String.class).list();
    }

    boolean privilege(String table, String privilege) {
        return jdbc.sql("select has_table_privilege(current_user, ?, ?)").params(table, privilege)
                .query(Boolean.class).single();
    }
}
