package org.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * failure-timeout against real timestamps (seconds since the epoch, far over INFINITY): app failed once on node1 at
 * 1764000000 with migration-threshold 1 and failure-timeout 60s. The expected summaries are crm_simulate 2.1.5's for
 * the same file with {@code -t} set to the same moments.
 */
class FailureTimeoutTest {
    private static final long FAILED_AT = 1_764_000_000L;

    private static List<String> summaryAt(long epochSecond) {
        return ConformanceRun.normalise(ConformanceRun.scheduleResource("/failure/expiring-fail-count.xml",
                Instant.ofEpochSecond(epochSecond)).summary());
    }

    @Test
    void aFailureWithinItsTimeoutStillCountsTowardTheThreshold() throws Exception {
        assertThat(summaryAt(FAILED_AT + 30)).containsExactly("* Move app ( node1 -> node2 )");
    }

    @Test
    void anExpiredFailureIsForgotten() throws Exception {
        assertThat(summaryAt(FAILED_AT + 120)).isEmpty();
    }
}
