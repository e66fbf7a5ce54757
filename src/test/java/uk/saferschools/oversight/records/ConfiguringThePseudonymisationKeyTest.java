package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.OversightApplication;
import uk.saferschools.oversight.audit.Actor;

/**
 * {@code OVERSIGHT_PSEUDONYMISATION_KEY} is the key of the keyed hashes, as documented; without it a
 * PostgreSQL server refuses to start, and a short key is refused. The application is started as the
 * launcher starts it, with the variable in the process environment (here a copy of the real one with
 * the variable added, in the place Spring reads the environment from).
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfiguringThePseudonymisationKeyTest {

    static final String KEY = "k3y-for-the-test-of-the-environment-variable-0123456789";

    @TempDir
    Path directory;

    static StandardEnvironment environmentWith(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new HashMap<>(System.getenv());
        all.putAll(variables);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, all));
        return environment;
    }

    static ConfigurableApplicationContext start(Map<String, String> variables, String... properties) {
        return new SpringApplicationBuilder(OversightApplication.class).environment(environmentWith(variables))
                .web(WebApplicationType.NONE).logStartupInfo(false).properties(properties).run();
    }

    static String hmac(String key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_key_in_OVERSIGHT_PSEUDONYMISATION_KEY_is_the_key_the_stored_hashes_are_made_with() throws Exception {
        Map<String, String> row = ImportingExtendedRecordsSchoolsAndDeploymentsTest.extendedRow("REF-KEYED-BY-THE-VARIABLE");
        Path file = directory.resolve("extended-key.csv");
        Files.writeString(file, String.join(",", RecordFormat.EXTENDED.columns()) + "\n"
                + String.join(",", RecordFormat.EXTENDED.columns().stream().map(c -> row.getOrDefault(c, ""))
                        .map(v -> v.contains(",") ? "\"" + v + "\"" : v).toList()) + "\n");
        try (ConfigurableApplicationContext context = start(Map.of("OVERSIGHT_PSEUDONYMISATION_KEY", KEY),
                "oversight.database.ephemeral=true", "oversight.identity.demonstration-data=false")) {
            ImportOutcome outcome = context.getBean(TabularImports.class).importFile(file, "extended-key.csv",
                    ImportOptions.by(new Actor("test-analyst", "ANALYST")), ImportProgress.NONE);
            assertThat(outcome.status()).as(outcome.problems().toString()).isEqualTo(ImportOutcome.Status.IMPORTED);
            Map<String, Object> stored = context.getBean(JdbcClient.class)
                    .sql("select record_key, officer_team_key, bwv_reference from power_use where batch_id = ?")
                    .param(outcome.batchId()).query().singleRow();
            assertThat(stored).containsEntry("record_key", hmac(KEY, "metropolitan\u001fREF-KEYED-BY-THE-VARIABLE"))
                    .containsEntry("officer_team_key", hmac(KEY, "officer-team\u001fLAMBETH-SSO-3"))
                    .containsEntry("bwv_reference", hmac(KEY, "bwv\u001fBWV-2024-0001"));
        }
    }

    @Test
    void a_postgresql_server_without_a_key_refuses_to_start_naming_the_variable(CapturedOutput output) {
        // nothing listens on port 9: the refusal comes before any connection is tried
        assertThatThrownBy(() -> start(Map.of("OVERSIGHT_DATABASE_URL", "jdbc:postgresql://127.0.0.1:9/oversight")).close())
                .isInstanceOf(Pseudonyms.KeyProblem.class).hasMessageContaining("OVERSIGHT_PSEUDONYMISATION_KEY is not set");
        assertThat(output).contains("APPLICATION FAILED TO START", "Set OVERSIGHT_PSEUDONYMISATION_KEY to a random secret")
                .doesNotContain("Connection refused");
    }

    @Test
    void a_key_shorter_than_32_characters_is_refused(CapturedOutput output) {
        assertThatThrownBy(() -> start(Map.of("OVERSIGHT_PSEUDONYMISATION_KEY", "short-secret-31-characters-long"),
                "oversight.database.ephemeral=true").close())
                .isInstanceOf(Pseudonyms.KeyProblem.class).hasMessage("OVERSIGHT_PSEUDONYMISATION_KEY is 31 characters long: too short to keep the "
                        + "hashed record references secret.");
        assertThat(output).doesNotContain("short-secret-31-characters-long");
    }

    /** A guard rather than a proof: the file was owner-only before as well, only a moment later. */
    @Test
    void the_key_made_for_the_embedded_database_is_readable_by_its_owner_alone() throws Exception {
        Path file = directory.resolve("data").resolve("pseudonymisation.key");
        byte[] made = Pseudonyms.keptIn(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Pseudonyms.keptIn(file)).as("read back on the next start").isEqualTo(made);
        assertThat(List.of(new String(made, StandardCharsets.US_ASCII).length())).containsExactly(64);
    }
}
