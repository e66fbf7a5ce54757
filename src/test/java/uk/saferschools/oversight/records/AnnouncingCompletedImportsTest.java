package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.support.OversightTest;

/**
 * Other modules hear of each import committed, as {@link ImportCompleted}, from the import gate inside
 * the import's transaction; a file rejected or already imported publishes nothing. Each test uses its
 * own month of 2012.
 */
@OversightTest
@RecordApplicationEvents
class AnnouncingCompletedImportsTest {

    static final ImportOptions BY_ANALYST = ImportOptions.by(new Actor("test-analyst", "ANALYST"));

    @Autowired
    TabularImports imports;
    @Autowired
    ApplicationEvents events;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ConfigurableApplicationContext context;

    @TempDir
    Path directory;

    final List<ApplicationListener<?>> listeners = new ArrayList<>();

    @AfterEach
    void stopListening() {
        listeners.forEach(context::removeApplicationListener);
    }

    ImportOutcome importing(Path file, ImportOptions options) {
        return imports.importFile(file, file.getFileName().toString(), options, ImportProgress.NONE);
    }

    List<ImportCompleted> published() {
        return events.stream(ImportCompleted.class).toList();
    }

    /** Hears each ImportCompleted as it is published, on the publishing thread, as a module's listener would. */
    void listening(Consumer<ImportCompleted> heard) {
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof ImportCompleted completed) {
                heard.accept(completed);
            }
        };
        listeners.add(listener);
        context.addApplicationListener(listener);
    }

    @Test
    void a_police_uk_import_says_which_batch_force_and_month_and_how_many_rows() {
        Path file = PoliceUkFileBuilder.forMonth("2012-02").rows(3).row(Map.of("Gender", "M")).writeTo(directory);
        ImportOutcome outcome = importing(file, BY_ANALYST.quarantiningInvalidRows());
        assertThat(outcome.status()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(published()).containsExactly(new ImportCompleted(outcome.batchId(), RecordFormat.POLICE_UK,
                "2012-02-metropolitan-stop-and-search.csv", "metropolitan", List.of(YearMonth.of(2012, 2)), 4, 3, 1,
                null, false, false));
    }

    @Test
    void a_newer_file_for_the_month_names_the_import_it_replaced() {
        ImportOutcome first = importing(PoliceUkFileBuilder.forMonth("2012-03").rows(2).writeTo(directory), BY_ANALYST);
        ImportOutcome second = importing(PoliceUkFileBuilder.forMonth("2012-03").rows(5).writeTo(directory), BY_ANALYST);
        assertThat(second.status()).isEqualTo(ImportOutcome.Status.REPLACED);
        assertThat(published()).hasSize(2);
        ImportCompleted replacing = published().get(1);
        assertThat(replacing.batchId()).isEqualTo(second.batchId());
        assertThat(replacing.replaced()).isTrue();
        assertThat(replacing.replacedBatchId()).isEqualTo(first.batchId());
        assertThat(replacing.rowsImported()).isEqualTo(5);
    }

    @Test
    void an_extended_records_import_names_the_months_of_its_records_in_london_time() throws IOException {
        String header = String.join(",", RecordFormat.EXTENDED.columns());
        // 23:30 UTC on 31 March 2024 is already 1 April in London (British Summer Time)
        Path file = Files.writeString(directory.resolve("extended-months.csv"), header + "\n"
                + extendedRow("REF-MONTHS-1", "2024-01-10T09:00:00+00:00") + "\n"
                + extendedRow("REF-MONTHS-2", "2024-03-31T23:30:00+00:00") + "\n"
                + extendedRow("REF-MONTHS-3", "2024-01-20T09:00:00+00:00") + "\n");
        ImportOutcome outcome = importing(file, BY_ANALYST);
        assertThat(outcome.status()).as(outcome.summary() + " " + outcome.problems()).isEqualTo(ImportOutcome.Status.IMPORTED);
        assertThat(published()).containsExactly(new ImportCompleted(outcome.batchId(), RecordFormat.EXTENDED,
                "extended-months.csv", null, List.of(YearMonth.of(2024, 1), YearMonth.of(2024, 4)), 3, 3, 0, null, false,
                false));
    }

    /** A valid extended record of a 15-year-old stopped and searched, by a force of its own (no other test counts it). */
    static String extendedRow(String reference, String occurredAt) {
        return String.join(",", RecordFormat.EXTENDED.columns().stream().map(column -> switch (column) {
            case "record_reference" -> reference;
            case "power" -> "stop and search";
            case "occurred_at" -> occurredAt;
            case "force" -> "announcing-test";
            case "age_years" -> "15";
            default -> "";
        }).toList());
    }

    @Test
    void a_rejected_file_publishes_nothing() {
        Path file = PoliceUkFileBuilder.forMonth("2012-04").rows(2).row(Map.of("Gender", "M")).writeTo(directory);
        assertThat(importing(file, BY_ANALYST).status()).isEqualTo(ImportOutcome.Status.REJECTED);
        assertThat(published()).isEmpty();
    }

    @Test
    void a_file_already_imported_publishes_nothing_the_second_time() {
        Path file = PoliceUkFileBuilder.forMonth("2012-05").rows(2).writeTo(directory);
        importing(file, BY_ANALYST);
        assertThat(importing(file, BY_ANALYST).status()).isEqualTo(ImportOutcome.Status.UNCHANGED);
        assertThat(published()).hasSize(1);
    }

    @Test
    void it_is_published_inside_the_imports_transaction_with_the_rows_stored() {
        List<String> heard = new ArrayList<>();
        listening(event -> heard.add(TransactionSynchronizationManager.isActualTransactionActive() + " "
                + jdbc.sql("select count(*) from stop_search where batch_id = ?").param(event.batchId())
                .query(Long.class).single()));
        importing(PoliceUkFileBuilder.forMonth("2012-06").rows(4).writeTo(directory), BY_ANALYST);
        assertThat(heard).containsExactly("true 4");
    }

    @Test
    void a_listener_that_fails_in_the_transaction_rolls_the_import_back() {
        listening(event -> {
            throw new IllegalStateException("a listener failed");
        });
        Path file = PoliceUkFileBuilder.forMonth("2012-07").rows(3).writeTo(directory);
        assertThatThrownBy(() -> importing(file, BY_ANALYST)).hasMessage("a listener failed");
        assertThat(jdbc.sql("select count(*) from stop_search_classified where month = '2012-07-01'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from import_batch where month = '2012-07-01' and status = 'ACTIVE'")
                .query(Long.class).single()).isZero();
    }
}
