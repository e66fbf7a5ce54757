package uk.saferschools.oversight.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On a PostgreSQL server the operator makes two roles (docs/adr/0013-database-roles.md): the owner, which
 * Flyway connects as ({@code OVERSIGHT_DATABASE_OWNER_USER}), and the application's role
 * ({@code OVERSIGHT_DATABASE_USER}), which the pool uses. The throwaway test server stands in for it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunningOnAPostgreSqlServerWithTwoRolesTest {

    static final EmbeddedPostgresServer server = DatabaseConfiguration.EphemeralServer.get();

    /** The operator's SQL from the ADR, with the names the operator chose. */
    static void operatorSql(String owner, String application, String database) throws Exception {
        asSuperuser("postgres", """
                create role %1$s login password 'owner-secret';
                create role %2$s login password 'application-secret';
                create database %3$s owner %1$s;
                revoke all on database %3$s from public;
                grant connect, temporary on database %3$s to %2$s;
                """.formatted(owner, application, database));
        asSuperuser(database, """
                alter schema public owner to %1$s;
                revoke create on schema public from public;
                """.formatted(owner));
    }

    static void asSuperuser(String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.user(), "")) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    connection.createStatement().execute(statement);
                }
            }
        }
    }

    /** What Spring Boot does with Flyway, with our customiser: migrate, and return the pool. */
    static HikariDataSource startAndMigrate(DatabaseProperties properties) {
        DatabaseConfiguration configuration = new DatabaseConfiguration();
        HikariDataSource pool = configuration.dataSource(properties, java.time.Duration.ofSeconds(5));
        FluentConfiguration flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
        configuration.migrationsRunAsTheOwner(properties, pool).customize(flyway);
        flyway.load().migrate();
        return pool;
    }

    @Test
    void the_migrations_run_as_the_owner_and_the_application_role_can_neither_switch_off_nor_bypass_the_triggers(
            CapturedOutput output) throws Exception {
        operatorSql("board_owner", "board_app", "board_two_roles");
        DatabaseProperties properties = new DatabaseProperties(server.jdbcUrl("board_two_roles"), "board_app",
                "application-secret", "board_owner", "owner-secret", Path.of("unused"), false, "serve");
        try (HikariDataSource pool = startAndMigrate(properties)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("board_app");
            assertThat(jdbc.sql("select distinct tableowner from pg_tables where schemaname = 'public'")
                    .query(String.class).list()).containsExactly("board_owner");
            assertThat(jdbc.sql("select count(*) from pg_class where relowner = current_user::regrole")
                    .query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select has_table_privilege('audit_entry', 'INSERT') and not has_table_privilege('audit_entry', "
                    + "'UPDATE') and not has_table_privilege('audit_entry', 'DELETE') and not has_table_privilege('audit_entry', "
                    + "'TRUNCATE')").query(Boolean.class).single()).isTrue();
            assertThat(jdbc.sql("select has_table_privilege('account', 'UPDATE')").query(Boolean.class).single()).isTrue();
            assertThatThrownBy(() -> jdbc.sql("alter table audit_entry disable trigger all").update())
                    .rootCause().hasMessageContaining("must be owner of table audit_entry");
            assertThatThrownBy(() -> jdbc.sql("delete from audit_entry").update())
                    .rootCause().hasMessageContaining("permission denied for table audit_entry");
        } finally {
            asSuperuser("postgres", "drop database board_two_roles");
        }
        assertThat(output).contains("Migrations run as board_owner; the application connects as board_app")
                .doesNotContain("OVERSIGHT_DATABASE_OWNER_USER is not set");
    }

    @Test
    void with_one_role_the_migrations_still_run_with_a_warning_and_an_application_role_added_later_gets_its_grants(
            CapturedOutput output) throws Exception {
        asSuperuser("postgres", "create role board_single login; create database board_one_role owner board_single");
        DatabaseProperties oneRole = new DatabaseProperties(server.jdbcUrl("board_one_role"), "board_single", "", "", "",
                Path.of("unused"), false, "serve");
        try {
            try (HikariDataSource pool = startAndMigrate(oneRole)) {
                JdbcClient jdbc = JdbcClient.create(pool);
                assertThat(jdbc.sql("select count(*) from flyway_schema_history where not success").query(Long.class).single())
                        .isZero();
                assertThat(jdbc.sql("select distinct tableowner from pg_tables where schemaname = 'public'")
                        .query(String.class).list()).containsExactly("board_single");
            }
            assertThat(output).contains("OVERSIGHT_DATABASE_OWNER_USER is not set, so the migrations run as the application's "
                    + "own role board_single, which therefore owns the tables");

            // the operator follows the warning: the old role becomes the owner, and a new role the application's
            asSuperuser("postgres", "create role board_added login; grant connect, temporary on database board_one_role to board_added");
            DatabaseProperties twoRoles = new DatabaseProperties(server.jdbcUrl("board_one_role"), "board_added", "",
                    "board_single", "", Path.of("unused"), false, "serve");
            try (HikariDataSource pool = startAndMigrate(twoRoles)) {
                JdbcClient jdbc = JdbcClient.create(pool);
                assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("board_added");
                assertThat(jdbc.sql("select has_table_privilege('account', 'UPDATE') and has_table_privilege('audit_entry', "
                        + "'INSERT') and not has_table_privilege('audit_entry', 'DELETE')").query(Boolean.class).single()).isTrue();
                assertThatThrownBy(() -> jdbc.sql("alter table audit_entry disable trigger all").update())
                        .rootCause().hasMessageContaining("must be owner of table audit_entry");
            }
        } finally {
            asSuperuser("postgres", "drop database board_one_role");
        }
    }

    @Test
    void a_password_given_in_the_server_address_is_not_written_to_the_log(CapturedOutput output) throws Exception {
        server.ensureDatabase("oversight_address_log");
        String address = server.jdbcUrl("oversight_address_log");
        DatabaseProperties properties = new DatabaseProperties(
                address + "?user=" + EmbeddedPostgresServer.APPLICATION_ROLE + "&password=s3cret-in-the-address",
                "", "", "", "", Path.of("unused"), false, "serve");
        try (HikariDataSource pool = new DatabaseConfiguration().dataSource(properties, java.time.Duration.ofSeconds(5))) {
            assertThat(JdbcClient.create(pool).sql("select current_user").query(String.class).single())
                    .isEqualTo(EmbeddedPostgresServer.APPLICATION_ROLE);
        }
        assertThat(output).contains("Using the PostgreSQL server at " + address + " (parameters not shown)")
                .doesNotContain("s3cret-in-the-address");
        assertThat(DatabaseConfiguration.withoutCredentials("jdbc:postgresql://someone:pw@db.example:5432/oversight?ssl=true"))
                .isEqualTo("jdbc:postgresql://db.example:5432/oversight (parameters not shown)");
    }
}
