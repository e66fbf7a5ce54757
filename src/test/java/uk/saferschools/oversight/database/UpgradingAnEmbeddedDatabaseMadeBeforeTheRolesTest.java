package uk.saferschools.oversight.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.audit.AuditTrail;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * Until the two roles, the embedded database's tables belonged to the superuser, which ran the
 * migrations and the application. Such a data directory starts as before: its objects go to the owner
 * role, the remaining migrations run as that role, and the application connects as its own role.
 */
class UpgradingAnEmbeddedDatabaseMadeBeforeTheRolesTest {

    @TempDir
    Path data;

    @Test
    void a_data_directory_whose_tables_the_superuser_owns_is_handed_to_the_owner_and_the_application_runs_as_its_own_role()
            throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrConnect(data, "serve", false)) {
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), "")) {
                connection.createStatement().execute("create database oversight");
            }
            // as the earlier versions did: every migration up to V14 as the superuser
            Flyway.configure().dataSource(server.jdbcUrl("oversight"), server.user(), "").locations("classpath:db/migration")
                    .target("14").skipDefaultCallbacks(true).load().migrate();
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("oversight"), server.user(), "")) {
                connection.createStatement().execute("""
                        insert into audit_entry values (1, now(), 'earlier', 'SYSTEM', 'EARLIER_ENTRY', 'x:1', null, null,
                            repeat('0', 64), repeat('1', 64))""");
            }
        }

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OversightApplication.class)
                .run("--server.port=0", "--oversight.database.data-directory=" + data, "--oversight.identity.demonstration-data=false",
                        "--oversight.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD)) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select current_user").query(String.class).single())
                    .isEqualTo(EmbeddedPostgresServer.APPLICATION_ROLE);
            assertThat(jdbc.sql("""
                    select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relowner <> 'oversight_owner'::regrole""").query(Long.class).single())
                    .as("tables, indexes and sequences still owned by someone else").isZero();
            assertThat(jdbc.sql("""
                    select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = 'public' and p.proowner <> 'oversight_owner'::regrole""").query(Long.class).single())
                    .as("functions still owned by someone else").isZero();
            assertThat(jdbc.sql("select actor from audit_entry where sequence_no = 1").query(String.class).single())
                    .isEqualTo("earlier");

            // the application works as its own role: the first start made the administrator, and it records
            AuditTrail auditTrail = context.getBean(AuditTrail.class);
            auditTrail.record(new Actor("tester", "AUDITOR"), "AFTER_THE_UPGRADE", "thing:1", null, "one");
            assertThat(jdbc.sql("select count(*) from account where username = ?").param(TestAccounts.ADMIN)
                    .query(Long.class).single()).isOne();
            assertThatThrownBy(() -> jdbc.sql("alter table audit_entry disable trigger all").update())
                    .rootCause().hasMessageContaining("must be owner of table audit_entry");
        }
    }
}
