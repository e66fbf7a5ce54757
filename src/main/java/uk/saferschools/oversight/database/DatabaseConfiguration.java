package uk.saferschools.oversight.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link DataSource}: a configured PostgreSQL server, or else the embedded one. Its connections
 * use the application's role, which owns no tables; the migrations run as the owner role over a
 * connection of their own (docs/adr/0013-database-roles.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String EMBEDDED_DATABASE = "oversight";

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties,
                                @Value("${oversight.database.connection-timeout:5s}") Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("oversight");
        config.setMaximumPoolSize(10);
        // How long a request waits for a connection while the database cannot be reached (a restart) before it
        // is answered "unavailable, try again" (DatabaseTroublePages): long enough to ride out a quick restart,
        // short enough that a person is not left waiting. HikariCP's own default is 30 s.
        config.setConnectionTimeout(connectionTimeout.toMillis());
        if (!properties.embedded()) {
            log.info("Using the PostgreSQL server at {}", withoutCredentials(properties.url()));
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.user());
            config.setPassword(properties.password());
            return new HikariDataSource(config);
        }
        EmbeddedPostgresServer server;
        String database;
        if (properties.ephemeral()) {
            server = EphemeralServer.get();
            database = EphemeralServer.newDatabaseName();
        } else {
            server = EmbeddedPostgresServer.startOrConnect(properties.dataDirectory(), properties.command(), true);
            database = EMBEDDED_DATABASE;
        }
        server.ensureDatabase(database);
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(EmbeddedPostgresServer.APPLICATION_ROLE);
        return new ServerOwningDataSource(config, properties.ephemeral() ? null : server);
    }

    /**
     * Flyway connects as the owner role: {@link EmbeddedPostgresServer#OWNER_ROLE} on the embedded
     * server, {@code OVERSIGHT_DATABASE_OWNER_USER} on a PostgreSQL server. The placeholder
     * {@code application_role} names the role the application's connections use, for the grants.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsRunAsTheOwner(DatabaseProperties properties, HikariDataSource dataSource) {
        return configuration -> {
            String applicationRole = currentUser(dataSource);
            Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
            placeholders.put(APPLICATION_ROLE_PLACEHOLDER, applicationRole);
            configuration.placeholders(placeholders);
            if (properties.embedded()) {
                configuration.dataSource(dataSource.getJdbcUrl(), EmbeddedPostgresServer.OWNER_ROLE, "");
            } else if (properties.ownerConfigured()) {
                log.info("Migrations run as {}; the application connects as {}", properties.ownerUser(), applicationRole);
                configuration.dataSource(properties.url(), properties.ownerUser(), properties.ownerPassword());
            } else {
                log.warn("OVERSIGHT_DATABASE_OWNER_USER is not set, so the migrations run as the application's own role "
                        + "{}, which therefore owns the tables and could switch off the triggers that keep the audit "
                        + "trail append-only. Create an owner role and set OVERSIGHT_DATABASE_OWNER_USER and "
                        + "OVERSIGHT_DATABASE_OWNER_PASSWORD: see docs/adr/0013-database-roles.md", applicationRole);
            }
        };
    }

    static final String APPLICATION_ROLE_PLACEHOLDER = "application_role";

    private static String currentUser(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             ResultSet rs = connection.createStatement().executeQuery("select current_user")) {
            rs.next();
            String role = rs.getString(1);
            if (role.contains("'") || role.contains("\"") || role.contains("$")) {
                throw new IllegalStateException("The database role " + role + " has a quote or dollar sign in its name, "
                        + "which the migrations cannot grant to: use a plain role name");
            }
            return role;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to the database to find the application's role", e);
        }
    }

    /** The address without a password or anything else given in it as parameters or user information. */
    static String withoutCredentials(String jdbcUrl) {
        int parameters = jdbcUrl.indexOf('?');
        String address = parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters);
        return address.replaceFirst("//[^/]*@", "//") + (parameters < 0 ? "" : " (parameters not shown)");
    }

    /** Stops the embedded server (when this process started it) after the pool has closed. */
    static final class ServerOwningDataSource extends HikariDataSource {
        private final EmbeddedPostgresServer server;

        ServerOwningDataSource(HikariConfig config, EmbeddedPostgresServer server) {
            super(config);
            this.server = server;
        }

        @Override
        public void close() {
            super.close();
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * One throwaway server per JVM for the test suite, with a fresh database for each application
     * context so that tests in different contexts cannot see each other's data.
     */
    static final class EphemeralServer {
        private static final AtomicInteger databases = new AtomicInteger();
        private static EmbeddedPostgresServer server;

        static synchronized EmbeddedPostgresServer get() {
            if (server == null) {
                try {
                    Path directory = Files.createTempDirectory("oversight-test-db");
                    server = EmbeddedPostgresServer.startOrConnect(directory, "test", false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return server;
        }

        static String newDatabaseName() {
            return "oversight_test_" + databases.incrementAndGet();
        }
    }
}
