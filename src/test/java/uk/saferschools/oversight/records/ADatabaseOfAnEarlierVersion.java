package uk.saferschools.oversight.records;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.database.EmbeddedPostgresServer;

/**
 * A database of its own on the tests' PostgreSQL, migrated only as far as an earlier version, for a test of what a
 * later migration does to data stored before it; dropped when closed. Migrations run as the tables' owner, without
 * the afterMigrate callback (no application role is granted anything).
 */
final class ADatabaseOfAnEarlierVersion implements AutoCloseable {

    private final String serverUrl;
    private final String name;
    private final String url;

    private ADatabaseOfAnEarlierVersion(String serverUrl, String name) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
    }

    /** A new database beside the one {@code shared} connects to, migrated to {@code version}. */
    static ADatabaseOfAnEarlierVersion at(DataSource shared, String version) throws SQLException {
        String serverUrl = shared.unwrap(HikariDataSource.class).getJdbcUrl();
        ADatabaseOfAnEarlierVersion database = new ADatabaseOfAnEarlierVersion(serverUrl,
                "earlier_" + UUID.randomUUID().toString().replace("-", ""));
        try (Connection superuser = DriverManager.getConnection(serverUrl, "postgres", "")) {
            superuser.createStatement().execute("create database " + database.name + " owner " + EmbeddedPostgresServer.OWNER_ROLE);
        }
        database.migrateTo(version);
        return database;
    }

    void migrateTo(String version) {
        Flyway.configure().dataSource(url, EmbeddedPostgresServer.OWNER_ROLE, "")
                .locations("classpath:db/migration").target(version).skipDefaultCallbacks(true).load().migrate();
    }

    /** A connection as the tables' owner. */
    Connection owner() throws SQLException {
        return DriverManager.getConnection(url, EmbeddedPostgresServer.OWNER_ROLE, "");
    }

    /**
     * The rows of {@code records} (a table or view), counted and hashed in one order, for a test to show a migration
     * kept every row as it was.
     */
    static String digest(JdbcClient db, String records) {
        return db.sql("select count(*) || ' ' || md5(string_agg(t::text, E'\\n' order by t::text)) from " + records + " t")
                .query(String.class).single();
    }

    @Override
    public void close() throws SQLException {
        try (Connection superuser = DriverManager.getConnection(serverUrl, "postgres", "")) {
            superuser.createStatement().execute("drop database if exists " + name + " with (force)");
        }
    }
}
