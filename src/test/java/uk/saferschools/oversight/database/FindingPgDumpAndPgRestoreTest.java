package uk.saferschools.oversight.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump refuses a newer server, so the tools must be of the server's major version or newer. */
class FindingPgDumpAndPgRestoreTest {

    @TempDir
    Path work;

    Path toolsOf(String name, String version) throws Exception {
        Path bin = Files.createDirectories(work.resolve(name));
        for (String tool : new String[] {"pg_dump", "pg_restore"}) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void tools_of_the_servers_version_or_newer_are_taken() throws Exception {
        Path bin = toolsOf("eighteen", "18.6");
        PostgresClientTools tools = PostgresClientTools.find(bin.toString(), Optional.empty(), 18);
        assertThat(tools.pgDump()).isEqualTo(bin.resolve("pg_dump"));
        assertThat(tools.pgRestore()).isEqualTo(bin.resolve("pg_restore"));
        assertThat(tools.major()).isEqualTo(18);
        assertThat(PostgresClientTools.find(toolsOf("nineteen", "19beta1").toString(), Optional.empty(), 18).major())
                .isEqualTo(19);
    }

    @Test
    void older_tools_are_named_with_what_to_install_instead() throws Exception {
        Path bin = toolsOf("fifteen", "15.18 (Debian 15.18-0+deb12u1)");
        assertThatThrownBy(() -> PostgresClientTools.find(bin.toString(), Optional.empty(), 18))
                .isInstanceOf(PostgresClientTools.MissingClientToolsException.class)
                .hasMessageContaining("pg_dump and pg_restore of PostgreSQL 18 or newer are needed")
                .hasMessageContaining("only older ones: " + bin.resolve("pg_dump") + " (PostgreSQL 15)")
                .hasMessageContaining("postgresql-client-18")
                .hasMessageContaining("OVERSIGHT_PG_BIN");
    }

    @Test
    void when_OVERSIGHT_PG_BIN_is_set_only_that_directory_is_looked_in() throws Exception {
        Path beside = toolsOf("beside-the-server", "18.6");
        Path empty = Files.createDirectories(work.resolve("empty"));
        assertThatThrownBy(() -> PostgresClientTools.find(empty.toString(), Optional.of(beside), 18))
                .hasMessageContaining("none were found in OVERSIGHT_PG_BIN (" + empty + ")");
        assertThat(PostgresClientTools.find("", Optional.of(beside), 18).pgDump()).isEqualTo(beside.resolve("pg_dump"));
    }
}
