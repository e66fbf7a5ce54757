package uk.saferschools.oversight.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link DataSource}: a configured PostgreSQL server, or else the embedded one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    static final String EMBEDDED_DATABASE = "oversight";

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("oversight");
        config.setMaximumPoolSize(10);
        if (!properties.embedded()) {
            log.info("Using the PostgreSQL server at {}", properties.url());
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
        config.setUsername(server.user());
        return new ServerOwningDataSource(config, properties.ephemeral() ? null : server);
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
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ephemeral-postgres-stop"));
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
