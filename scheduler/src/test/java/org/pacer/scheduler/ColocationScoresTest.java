package org.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a dependent's preferences weigh on its primary through a finite colocation: b is colocated with a and has a
 * location score on node3; a's allocation score on node3 is what crm_simulate 2.1.5 prints for the same files (in
 * src/test/resources/colocation). The dependent's score is scaled by the colocation's share of INFINITY, rounded
 * half away from zero, and a share that rounds to nothing still counts one point in the colocation's direction.
 */
class ColocationScoresTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // b on node3 -44, colocation 239: -0.01 rounds to nothing and counts +1 (the colocation's direction)
        "small-dislike-rounds-up.xml, 1",
        // -1500, colocation 1000: -1.5 rounds half away from zero
        "dislike-rounds-half-away.xml, -2",
        // an anti-colocation weighs only where the dependent wants to be
        "anti-colocation-ignores-dislikes.xml, 0",
        // +44, colocation -239: rounds to nothing and counts -1
        "anti-colocation-small-like.xml, -1",
    })
    void aDependentsScoreIsScaledAndRoundedAsPacemakerDoes(String file, String expected) {
        TransitionResult result = ConformanceRun.scheduleResource("/colocation/" + file, Instant.EPOCH);
        assertThat(result.scores()).contains("pcmk__primitive_assign: a allocation score on node3: " + expected);
    }
}
