package uk.saferschools.oversight.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data is.
 *
 * @param url            a PostgreSQL server's JDBC URL ({@code OVERSIGHT_DATABASE_URL}); blank means embedded
 * @param user           the application's role on it ({@code OVERSIGHT_DATABASE_USER}): it should own nothing
 * @param password       its password ({@code OVERSIGHT_DATABASE_PASSWORD})
 * @param ownerUser      the role that owns the tables and runs the migrations ({@code OVERSIGHT_DATABASE_OWNER_USER});
 *                       blank means {@code user}, which then owns the tables
 * @param ownerPassword  its password ({@code OVERSIGHT_DATABASE_OWNER_PASSWORD})
 * @param dataDirectory  where the embedded server keeps its files ({@code OVERSIGHT_DATA_DIRECTORY}, default {@code ./data})
 * @param ephemeral      a throwaway embedded server with a fresh database per application context (tests only)
 * @param command        the oversight command running, recorded so other commands know who owns the embedded server
 */
@ConfigurationProperties("oversight.database")
public record DatabaseProperties(String url, String user, String password, String ownerUser, String ownerPassword,
                                 Path dataDirectory, boolean ephemeral, String command) {

    public DatabaseProperties {
        url = url == null ? "" : url.trim();
        ownerUser = ownerUser == null ? "" : ownerUser.trim();
        dataDirectory = dataDirectory == null ? Path.of("data") : dataDirectory;
        command = command == null || command.isBlank() ? EmbeddedPostgresServer.SHAREABLE_COMMAND : command;
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** Whether a separate role owns the tables and runs the migrations on a PostgreSQL server. */
    public boolean ownerConfigured() {
        return !ownerUser.isEmpty() && !ownerUser.equals(user);
    }
}
