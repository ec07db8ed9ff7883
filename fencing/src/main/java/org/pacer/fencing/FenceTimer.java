package org.pacer.fencing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits before fencing (the {@code pcmk_delay_base} and random {@code pcmk_delay_max} delays). Injected so a
 * test can hold a delay and release it when it chooses; in production it is a scheduled executor.
 */
public interface FenceTimer {
    /** A stage that completes once {@code delay} has passed (at once for zero). */
    CompletionStage<Void> after(Duration delay);

    static FenceTimer of(ScheduledExecutorService scheduler) {
        return delay -> {
            if (delay.isZero() || delay.isNegative()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            scheduler.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
            return done;
        };
    }
}
