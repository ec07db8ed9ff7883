package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreAndDurationTest {
    @ParameterizedTest
    @CsvSource({"0,0", "10,10", "+10,10", "-10,-10", "INFINITY,1000000", "+INFINITY,1000000", "-INFINITY,-1000000",
            "infinity,1000000", "2000000,1000000", "-99999999999999,-1000000", "' 5 ',5", "007,7"})
    void readsScores(String text, int expected) {
        assertThat(Score.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.5", "10s", "INF", "--1", "1e3"})
    void refusesNonScores(String text) {
        assertThat(Score.isValid(text)).isFalse();
        assertThatThrownBy(() -> Score.parse(text)).isInstanceOf(CibException.class)
                .hasMessageContaining("invalid score '" + text + "'");
    }

    @Test
    void addsLikePacemaker() {
        assertThat(Score.add(Score.INFINITY, -Score.INFINITY)).isEqualTo(-Score.INFINITY);
        assertThat(Score.add(Score.INFINITY, 5)).isEqualTo(Score.INFINITY);
        assertThat(Score.add(999_999, 999_999)).isEqualTo(Score.INFINITY);
        assertThat(Score.add(-3, 5)).isEqualTo(2);
        assertThat(Score.toString(Score.add(-Score.INFINITY, 1))).isEqualTo("-INFINITY");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "10,10000", "10s,10000", "10 sec,10000", "500ms,500", "500msec,500", "2000us,2",
            "5m,300000", "5min,300000", "1h,3600000", "2hr,7200000", "10S,10000", "PT10S,10000", "P10S,10000",
            "PT1M30S,90000", "P1DT2H,93600000", "P1W,604800000", "PT0.5S,500", "PT1.25S,1250"})
    void readsDurations(String text, long millis) {
        assertThat(Duration.parseMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "10x", "1.5s", "s", "P", "PT", "P1X", "PT10", "ten", "10 s s"})
    void refusesNonDurations(String text) {
        assertThat(Duration.isValid(text)).isFalse();
        assertThatThrownBy(() -> Duration.parseMillis(text)).isInstanceOf(CibException.class)
                .hasMessageContaining("invalid duration '" + text + "'");
    }
}
