package uk.saferschools.oversight.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                where demonstration and not synthetic and status = 'ACTIVE' order by month""").query(String.class).list();
        assertThat(loaded).containsExactly(
                "2022-03-metropolitan-stop-and-search.csv 16595",
                "2022-04-metropolitan-stop-and-search.csv 13524",
                "2022-05-metropolitan-stop-and-search.csv 15440");
    }

    @Test
    void synthetic_schools_deployments_and_childrens_records_are_loaded_and_marked_synthetic() {
        assertThat(jdbc.sql("select file_name || ' ' || rows_imported from import_batch where synthetic order by id")
                .query(String.class).list()).containsExactly("synthetic-schools.csv 40",
                "synthetic-sso-deployments.csv 32", "synthetic-school-roll.csv 240", "synthetic-extended-records.csv 1500");
        assertThat(jdbc.sql("select count(distinct urn) from school_roll where synthetic and academic_year = '2021/22'")
                .query(Long.class).single()).isEqualTo(40);
        assertThat(jdbc.sql("select count(*) from school where synthetic and name like '%(synthetic)' and urn > 990000")
                .query(Long.class).single()).isEqualTo(40);
        assertThat(jdbc.sql("select count(*) from power_use where synthetic and age_years < 18").query(Long.class).single())
                .isEqualTo(1500);
    }

    @Test
    void the_synthetic_records_deployments_and_rolls_fall_in_the_months_of_the_real_records() {
        // the real police.uk months: March to May 2022
        assertThat(jdbc.sql("""
                select min(month) || ' ' || max(month) from import_batch
                where demonstration and not synthetic and status = 'ACTIVE'""").query(String.class).single())
                .isEqualTo("2022-03-01 2022-05-01");
        assertThat(jdbc.sql("""
                select count(*) from power_use where synthetic
                and (occurred_at < timestamptz '2022-03-01 00:00 Europe/London'
                     or occurred_at >= timestamptz '2022-06-01 00:00 Europe/London')""")
                .query(Long.class).single()).isZero();
        // and spread over all three months
        assertThat(jdbc.sql("""
                select count(distinct date_trunc('month', occurred_at at time zone 'Europe/London'))
                from power_use where synthetic""").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("""
                select count(*) from sso_deployment where synthetic
                and (from_date < date '2022-03-01' or coalesce(to_date, date '2022-05-31') > date '2022-05-31')""")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from sso_deployment where synthetic and to_date is not null").query(Long.class)
                .single()).isPositive();
        assertThat(jdbc.sql("select distinct academic_year from school_roll where synthetic").query(String.class).list())
                .containsExactly("2021/22");
        // an SSO's record falls on a day the SSO's team was deployed to the school, also where a deployment ended
        assertThat(jdbc.sql("""
                select count(*) from power_use p where p.synthetic and p.sso_involved and not exists (
                    select 1 from sso_deployment d where d.officer_team_key = p.officer_team_key
                    and d.school_urn = p.school_urn
                    and (p.occurred_at at time zone 'Europe/London')::date
                        between d.from_date and coalesce(d.to_date, date '9999-12-31'))""")
                .query(Long.class).single()).isZero();
    }

    @Test
    void the_generator_gives_the_same_files_for_the_same_seed_and_follows_the_real_childrens_mix(
            @TempDir Path first,
            @TempDir Path second) throws Exception {
        var a = SyntheticRecords.seeded(7).writeTo(first);
        var b = SyntheticRecords.seeded(7).writeTo(second);
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readString(a.get(i))).isEqualTo(Files.readString(b.get(i)));
        }
        String records = Files.readString(a.get(3));
        long black = records.lines().filter(l -> l.contains(",\"Black\",")).count();
        long white = records.lines().filter(l -> l.contains(",\"White\",")).count();
        // real under-18 officer-defined mix in the shipped months: Black and White each about 40%
        assertThat(black).isBetween(450L, 750L);
        assertThat(white).isBetween(400L, 750L);
    }
}
