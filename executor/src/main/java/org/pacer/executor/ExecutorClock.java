package org.pacer.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The executor's sense of time: what time it is and "run this later". Recurring monitors and recorded
 * times go through it, so a test can drive them with a clock it advances by hand.
 */
public interface ExecutorClock {
    Instant now();

    /** Runs {@code task} after {@code delay}; the returned handle cancels it if it has not started. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    interface Cancellable {
        void cancel();
    }

    /** Wall-clock time and a real scheduled thread pool. */
    static ExecutorClock system(ScheduledExecutorService timers) {
        Clock clock = Clock.systemUTC();
        return new ExecutorClock() {
            @Override
            public Instant now() {
                return clock.instant();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = timers.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
