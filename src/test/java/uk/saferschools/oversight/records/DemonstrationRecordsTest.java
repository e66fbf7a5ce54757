package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.support.OversightTest;

/** On an empty database the product starts with real public records, marked as demonstration data. */
@OversightTest
class DemonstrationRecordsTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void three_months_of_real_metropolitan_police_records_are_loaded_and_marked() {
        List<String> loaded = jdbc.sql("""
                select file_name || ' ' || rows_imported from import_batch
                where demonstration and status = 'ACTIVE' order by month""").query(String.class).list();
        assertThat(loaded).containsExactly(
                "2022-03-metropolitan-stop-and-search.csv 16595",
                "2022-04-metropolitan-stop-and-search.csv 13524",
                "2022-05-metropolitan-stop-and-search.csv 15440");
    }
}
