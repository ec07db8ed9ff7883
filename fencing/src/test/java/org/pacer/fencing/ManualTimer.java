package org.pacer.fencing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fence timer whose delays end only when the test releases them, moving the test clock forward by each
 * delay first, so a test sees exactly which delays were asked for and what ran before and after.
 */
final class ManualTimer implements FenceTimer {
    private record Pending(Duration delay, CompletableFuture<Void> done) {
    }

    private final TestClock clock;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Duration> requested = new ArrayList<>();

    ManualTimer(TestClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletionStage<Void> after(Duration delay) {
        requested.add(delay);
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Pending(delay, done));
        return done;
    }

    /** Every delay asked for so far, zero ones included, in order. */
    synchronized List<Duration> requested() {
        return List.copyOf(requested);
    }

    /** The delays still waiting. */
    synchronized List<Duration> waiting() {
        return pending.stream().map(Pending::delay).toList();
    }

    /** Ends the waiting delays, oldest first, advancing the clock by each. */
    void releaseAll() {
        List<Pending> released;
        synchronized (this) {
            released = List.copyOf(pending);
            pending.clear();
        }
        for (Pending p : released) {
            clock.advance(p.delay());
            p.done().complete(null);
        }
    }
}
