package org.pacer.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HttpService agent's own log of starts and stops ("start NODE MS"), read as intervals during which the
 * service ran on a node. A node that died is given the moment it died as the end of its last interval.
 */
record ActivityLog(List<Interval> intervals) {
    record Interval(String node, long from, long to) {
    }

    static ActivityLog read(Path file, Map<String, Long> deaths) throws IOException {
        List<Interval> out = new ArrayList<>();
        Map<String, Long> open = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ");
            if (f.length != 3) {
                continue;
            }
            long t = Long.parseLong(f[2]);
            if (f[0].equals("start")) {
                Long was = open.put(f[1], t);
                if (was != null) {
                    // Started again without a stop: the previous instance had died (a monitor failure).
                    out.add(new Interval(f[1], was, t));
                }
            } else {
                Long from = open.remove(f[1]);
                if (from != null) {
                    out.add(new Interval(f[1], from, t));
                }
            }
        }
        open.forEach((node, from) -> out.add(new Interval(node, from, deaths.getOrDefault(node, Long.MAX_VALUE))));
        return new ActivityLog(out);
    }

    /** No two nodes ever ran the service at the same time. */
    void assertNeverOnTwoNodes() {
        for (Interval a : intervals) {
            for (Interval b : intervals) {
                if (a != b && !a.node().equals(b.node())) {
                    assertThat(a.from() >= b.to() || b.from() >= a.to())
                            .as("service ran on %s and %s at once: %s and %s", a.node(), b.node(), a, b).isTrue();
                }
            }
        }
    }

    List<String> startsOn(String node) {
        return intervals.stream().filter(i -> i.node().equals(node)).map(Interval::toString).toList();
    }

    long firstStartOn(String node) {
        return intervals.stream().filter(i -> i.node().equals(node)).mapToLong(Interval::from).min().orElse(Long.MAX_VALUE);
    }
}
