package org.pacer.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.pacer.cib.XmlParser;

/** Runs the scheduler over a folder of cases (xml/, summary/, cases.tsv) and compares Transition Summaries. */
record ConformanceRun(List<Outcome> outcomes) {
    record Outcome(String name, boolean passed, String detail) {
    }

    int passed() {
        return (int) outcomes.stream().filter(Outcome::passed).count();
    }

    static ConformanceRun over(Path cases) throws IOException {
        Map<String, Instant> dates = new HashMap<>();
        Path tsv = cases.resolve("cases.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                String[] cols = line.split("\t");
                if (cols.length >= 3 && cols[2].startsWith("-t ")) {
                    dates.put(cols[0], IsoDates.toInstant(IsoDates.parse(cols[2].substring(3).trim())));
                }
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(cases.resolve("xml"))) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Path xml : files) {
            String name = xml.getFileName().toString().replaceFirst("\\.xml$", "");
            Path summaryFile = cases.resolve("summary").resolve(name + ".summary");
            if (!Files.exists(summaryFile)) {
                continue;
            }
            List<String> expected = normalise(summaryLines(Files.readString(summaryFile)));
            try {
                org.pacer.cib.XmlElement cib = new XmlParser().parse(xml);
                TransitionResult result = new Scheduler().schedule(cib,
                        dates.getOrDefault(name, Scheduler.defaultTime(cib, Instant.now())));
                List<String> actual = normalise(result.summary());
                boolean ok = actual.equals(expected);
                outcomes.add(new Outcome(name, ok, ok ? "" : "expected " + expected + "\nactual   " + actual));
            } catch (RuntimeException | StackOverflowError e) {
                outcomes.add(new Outcome(name, false, "threw " + e));
            }
        }
        return new ConformanceRun(outcomes);
    }

    /** The Transition Summary lines of a crm_simulate -S output. */
    static List<String> summaryLines(String output) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("Transition Summary:")) {
                in = true;
            } else if (line.startsWith("Executing Cluster Transition:") || line.startsWith("Revised Cluster Status")) {
                in = false;
            } else if (in && line.trim().startsWith("*")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Schedules the CIB in the test resource {@code resource} (e.g. "/core/x.xml") at {@code now}. */
    static TransitionResult scheduleResource(String resource, Instant now) {
        try {
            Path path = Path.of(ConformanceRun.class.getResource(resource).toURI());
            return new Scheduler().schedule(new XmlParser().parse(path), now);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource " + resource, e);
        }
    }

    static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.trim().replaceAll("\\s+", " "));
        }
        out.sort(null);
        return out;
    }

    /** The family of a case: its name's prefix, with related prefixes grouped. */
    static String family(String name) {
        if (Character.isDigit(name.charAt(0))) {
            return name.contains("-then-") || name.contains("migrate") ? "migrate" : "other";
        }
        if (name.startsWith("rec-node")) {
            return "node-recovery";
        }
        if (name.startsWith("rec-rsc") || name.startsWith("failcount") || name.startsWith("failed")
                || name.startsWith("on_fail") || name.startsWith("on-fail") || name.startsWith("monitor-onfail")
                || name.startsWith("stop-failure")) {
            return "failure";
        }
        String prefix = name.split("[-_0-9]", 2)[0].toLowerCase(java.util.Locale.ROOT);
        return switch (prefix) {
            case "coloc", "colocation", "colocate", "colocated", "anti" -> "colocation";
            case "promoted", "promote" -> "promote";
            case "clone", "cloned", "interleave", "anon" -> "clone";
            case "whitebox", "container", "guest" -> "guest";
            case "remote", "nested" -> "remote";
            case "stopped", "mon", "cancel" -> "monitor";
            case "systemhealth", "systemhealthm", "systemhealthn", "systemhealtho", "allow" -> "health";
            case "bug" -> "bug";
            case "ticket" -> "ticket";
            case "rule", "date", "location", "nvpair", "year", "value", "per", "attrs" -> "rule";
            case "utilization", "balanced", "placement", "load" -> "utilization";
            case "probe" -> "probe";
            case "stonith", "suicide", "dc", "priority" -> "stonith";
            case "quorum" -> "quorum";
            default -> prefix;
        };
    }
}
