package uk.saferschools.oversight.publication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Kept copies are bounded by their total size in bytes: a flood of new keys pushes out the least recently
 * used copies one at a time, never the whole store at once, and never takes it over its bound.
 */
class KeepingCopiesWithinTheirBoundTest {

    @Test
    void a_flood_of_new_copies_pushes_out_only_the_least_recently_used_and_never_passes_the_bound() {
        LeastRecentlyUsed<byte[]> kept = new LeastRecentlyUsed<>(10_000, copy -> copy.length);
        kept.put("/data", new byte[3_000]);
        kept.put("/publications/1.pdf", new byte[3_000]);
        for (int n = 1; n <= 1_000; n++) {
            kept.put("/flood?n=" + n, new byte[1_000]);
            // the page everyone asks for stays, as long as it is asked for
            assertThat(kept.get("/data")).as("after %d", n).isNotNull();
            assertThat(kept.bytes()).isLessThanOrEqualTo(10_000);
        }
        assertThat(kept.get("/publications/1.pdf")).as("not asked for since, so it went first").isNull();
        assertThat(kept.get("/flood?n=1000")).isNotNull();
        assertThat(kept.size()).isEqualTo(8);
        assertThat(kept.bytes()).isEqualTo(10_000);
    }

    @Test
    void a_copy_larger_than_the_bound_is_not_kept_and_pushes_nothing_out() {
        LeastRecentlyUsed<byte[]> kept = new LeastRecentlyUsed<>(10_000, copy -> copy.length);
        kept.put("/data", new byte[3_000]);
        kept.put("/huge", new byte[20_000]);
        assertThat(kept.get("/huge")).isNull();
        assertThat(kept.get("/data")).isNotNull();
        assertThat(kept.bytes()).isEqualTo(3_000);
        kept.put("/data", new byte[5_000]);
        assertThat(kept.bytes()).as("a copy made again replaces the old one").isEqualTo(5_000);
    }
}
