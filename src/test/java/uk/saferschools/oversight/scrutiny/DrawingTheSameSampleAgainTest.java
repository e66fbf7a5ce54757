package uk.saferschools.oversight.scrutiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.saferschools.oversight.audit.Actor;
import uk.saferschools.oversight.records.EncounterFiles;
import uk.saferschools.oversight.records.Encounters;
import uk.saferschools.oversight.records.TabularImports;
import uk.saferschools.oversight.support.OversightTest;
import uk.saferschools.oversight.support.TestAccounts;

/**
 * A sample for body-worn video review is drawn again, the same, from the same seed and filters: before and
 * after an unrelated import, whatever order the database gives the records in (issue 15, item 1).
 */
@OversightTest
class DrawingTheSameSampleAgainTest {

    private static final Actor CHAIR = new Actor(TestAccounts.CHAIR, "CHAIR,PANEL_MEMBER");
    private static final Actor LIAISON = new Actor(TestAccounts.LIAISON, "POLICE_LIAISON");

    @Autowired
    Samples samples;
    @Autowired
    TabularImports imports;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path directory;

    private static Encounters.Filter childrenIn(int year) {
        return new Encounters.Filter(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), null, null, null, null, null, true, Set.of());
    }

    private List<Encounters.Identity> drawn(long id) {
        return samples.byId(id, CHAIR).identities();
    }

    @Test
    void the_same_seed_and_filters_draw_the_same_encounters_before_and_after_an_unrelated_import() throws Exception {
        EncounterFiles.encountersOf(imports, directory, 2001, 40);
        Samples.Request request = new Samples.Request("Spring 2001", Samples.Method.RANDOM, childrenIn(2001), false, 8, null, 2_001L);
        List<Encounters.Identity> first = drawn(samples.draw(request, CHAIR));
        assertThat(first).hasSize(8).doesNotHaveDuplicates();
        // an import of other records, of another year
        EncounterFiles.encountersOf(imports, directory, 2002, 25);
        assertThat(drawn(samples.draw(request, CHAIR))).as("after an unrelated import").isEqualTo(first);
        // another seed draws another sample from the same encounters
        List<Encounters.Identity> other = drawn(samples.draw(new Samples.Request("Spring 2001, again", Samples.Method.RANDOM,
                childrenIn(2001), false, 8, null, 2_002L), CHAIR));
        assertThat(other).hasSize(8).isNotEqualTo(first);
        // and a percentage is of the encounters the filters admit: 25% of 40
        long quarter = samples.draw(new Samples.Request("A quarter of 2001", Samples.Method.RANDOM, childrenIn(2001), false, null, 25.0,
                2_001L), CHAIR);
        assertThat(drawn(quarter)).hasSize(10).startsWith(first.toArray(Encounters.Identity[]::new));
        assertThat(samples.byId(quarter, CHAIR).population()).isEqualTo(40);
    }

    @Test
    void the_draw_does_not_depend_on_the_order_the_encounters_come_in() {
        List<Encounters.Identity> population = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            population.add(new Encounters.Identity("metropolitan", "%064x".formatted(i * 7919L), i % 2 == 0 ? "STOP_AND_SEARCH" : "ARREST"));
        }
        List<Encounters.Identity> drawn = Samples.draw(population, 99, 12);
        for (long shuffle = 1; shuffle <= 5; shuffle++) {
            List<Encounters.Identity> shuffled = new ArrayList<>(population);
            Collections.shuffle(shuffled, new Random(shuffle));
            assertThat(Samples.draw(shuffled, 99, 12)).isEqualTo(drawn);
        }
        // the rank is SHA-256 of the seed and the identity, which anyone can recompute
        assertThat(Samples.rank(99, population.get(0))).hasSize(64).isEqualTo(Samples.rank(99, population.get(0)));
    }

    @Test
    void encounters_with_no_footage_stay_in_the_sample_and_reviewers_see_no_name_or_police_reference() throws Exception {
        EncounterFiles.encountersOf(imports, directory, 2003, 30);
        long id = samples.draw(new Samples.Request("All of 2003", Samples.Method.RANDOM, childrenIn(2003), false, null, 100.0, 7L), CHAIR);
        Samples.Sample sample = samples.byId(id, CHAIR);
        assertThat(sample.encounters()).hasSize(30);
        assertThat(sample.encounters()).filteredOn(e -> Boolean.FALSE.equals(e.footageRecorded())).hasSize(6);
        assertThat(sample.encounters()).filteredOn(e -> e.footageRecorded() == null).isNotEmpty();
        assertThat(sample.encounters()).allSatisfy(e -> {
            assertThat(e.reference()).matches("E-[0-9A-F]{10}").doesNotContain("SCRUTINY");
            assertThat(e.ageBand()).isEqualTo("10-17");
        });
        assertThat(sample.encounters().toString()).doesNotContain("SCRUTINY-2003", "BWV-2003", "TEAM-2003");
    }

    @Test
    void an_encounter_older_than_the_footage_retention_period_is_flagged() {
        assertThat(samples.retentionDays()).isEqualTo(31);
        Encounters.Encounter old = new Encounters.Encounter(new Encounters.Identity("metropolitan", "a".repeat(64), "ARREST"), "E-AAAAAAAAAA",
                OffsetDateTime.of(2030, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC), "ARREST", "10-17", "BLACK", null, null, null, null, null, null,
                true, true, null, true);
        assertThat(samples.pastRetention(old, LocalDate.of(2030, 2, 1))).isFalse();
        assertThat(samples.pastRetention(old, LocalDate.of(2030, 2, 2))).isTrue();
    }

    @Test
    void only_the_chair_or_the_secretariat_draws_and_a_bad_request_is_refused_with_the_reason() {
        Samples.Request request = new Samples.Request("Police draw", Samples.Method.RANDOM, childrenIn(2001), false, 5, null, 1L);
        assertThatThrownBy(() -> samples.draw(request, LIAISON)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> samples.draw(new Samples.Request("Both", Samples.Method.RANDOM, childrenIn(2001), false, 5, 10.0, 1L), CHAIR))
                .hasMessage("Give either a number of encounters or a percentage, not both");
        assertThatThrownBy(() -> samples.draw(new Samples.Request("Empty", Samples.Method.RANDOM, childrenIn(2008), false, 5, null, 1L), CHAIR))
                .hasMessage("No encounter matches these filters: widen them and draw again");
        assertThatThrownBy(() -> samples.byId(1, LIAISON)).isInstanceOf(SecurityException.class);
    }
}
