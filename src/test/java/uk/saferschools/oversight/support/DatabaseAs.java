package uk.saferschools.oversight.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;

/**
 * The test's embedded database as someone other than the application: the owner of the tables (who
 * runs the migrations) or the superuser. The application's own connections use a role that may not
 * change the append-only tables at all; these show what the triggers do for those who may.
 */
public final class DatabaseAs {

    private DatabaseAs() {
    }

    /** Runs {@code work} on one connection as the owner of the tables. */
    public static void owner(DataSource application, Consumer<JdbcClient> work) {
        as(application, EmbeddedPostgresServer.OWNER_ROLE, work);
    }

    /** Runs {@code work} on one connection as the superuser, with the triggers switched off. */
    public static void superuserWithoutTriggers(DataSource application, Consumer<JdbcClient> work) {
        as(application, "postgres", jdbc -> {
            jdbc.sql("set session_replication_role = replica").update();
            work.accept(jdbc);
        });
    }

    private static void as(DataSource application, String role, Consumer<JdbcClient> work) {
        try (Connection connection = DriverManager.getConnection(application.unwrap(HikariDataSource.class).getJdbcUrl(),
                role, "")) {
            work.accept(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
