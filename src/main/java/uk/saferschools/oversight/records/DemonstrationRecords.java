package uk.saferschools.oversight.records;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.identity.DemonstrationAccountsReady;

/**
 * On the first start of the web application with no records, on the embedded database (or when
 * demonstration data is asked for): real public police.uk records shipped inside the product
 * (src/main/resources/demonstration/police-uk, with their provenance), imported like any other file
 * and marked as demonstration data in the import history; then synthetic schools, SSO deployments and
 * extended records for children made by {@link SyntheticRecords} with its default seed, marked synthetic.
 * Seeded on hearing {@link DemonstrationAccountsReady}; says {@link DemonstrationRecordsSeeded} when they are
 * there, whether imported now or on an earlier start.
 */
@Component
@ConditionalOnWebApplication
class DemonstrationRecords {

    private static final Logger log = LoggerFactory.getLogger(DemonstrationRecords.class);

    static final List<String> POLICE_UK_FILES = List.of(
            "2022-03-metropolitan-stop-and-search.csv",
            "2022-04-metropolitan-stop-and-search.csv",
            "2022-05-metropolitan-stop-and-search.csv");

    private final TabularImports imports;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    DemonstrationRecords(TabularImports imports, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.imports = imports;
        this.jdbc = jdbc;
        this.events = events;
    }

    @EventListener
    void seed(DemonstrationAccountsReady ready) {
        if (!jdbc.sql("select exists (select 1 from import_batch)").query(Boolean.class).single()) {
            importAll();
        }
        events.publishEvent(new DemonstrationRecordsSeeded());
    }

    private void importAll() {
        ImportOptions options = ImportOptions.by(Actor.SYSTEM).asDemonstration();
        for (String name : POLICE_UK_FILES) {
            try (InputStream in = DemonstrationRecords.class.getResourceAsStream("/demonstration/police-uk/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("Demonstration file missing from the product: " + name);
                }
                Path copy = Files.createTempFile("oversight-demonstration-", ".csv");
                try {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    ImportOutcome outcome = imports.importFile(copy, name, options, ImportProgress.NONE);
                    log.info("Demonstration data: {}", outcome.summary());
                } finally {
                    Files.deleteIfExists(copy);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Path directory = Files.createTempDirectory("oversight-synthetic-");
            for (Path file : SyntheticRecords.seeded(SyntheticRecords.DEFAULT_SEED).writeTo(directory)) {
                ImportOutcome outcome = imports.importFile(file, file.getFileName().toString(),
                        ImportOptions.by(Actor.SYSTEM).asSynthetic(), ImportProgress.NONE);
                log.info("Demonstration data: {}", outcome.summary());
                Files.delete(file);
            }
            Files.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
