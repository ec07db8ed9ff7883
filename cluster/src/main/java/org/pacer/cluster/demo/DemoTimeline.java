package org.pacer.cluster.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The failover timeline {@code pacer demo} prints: events with the time they happened, shown as offsets from
 * the crash. Mutable while the demo watches; read once at the end.
 */
public final class DemoTimeline {
    /** One event: when, and what. */
    public record Event(Instant at, String what) {
    }

    private final Instant crash;
    private final List<Event> events = new ArrayList<>();

    public DemoTimeline(Instant crash) {
        this.crash = crash;
    }

    public void add(Instant at, String what) {
        events.add(new Event(at, what));
    }

    public boolean has(String prefix) {
        return events.stream().anyMatch(e -> e.what().startsWith(prefix));
    }

    /** The events in time order, one line each: {@code +1.234 s  what}. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        events.stream().sorted(Comparator.comparing(Event::at)).forEach(e ->
                out.add(String.format("  %+8.3f s  %s", seconds(Duration.between(crash, e.at())), e.what())));
        return out;
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** {@code failover: N.NN s}: from the crash to {@code answered}. */
    public String failover(Instant answered) {
        return String.format("failover: %.2f s", seconds(Duration.between(crash, answered)));
    }
}
