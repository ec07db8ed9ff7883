package org.pacer.executor;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pacemaker's interval and timeout syntax: an integer with an optional unit (ms, s, m, min, h); seconds by default. */
public final class Durations {
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|msec|us|usec|s|sec|m|min|h|hr)?\\s*");

    private Durations() {
    }

    public static Duration parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("P")) {
            return iso8601(trimmed);
        }
        Matcher m = SPEC.matcher(text);
        if (!m.matches()) {
            throw new ExecutorException("'" + text + "' is not a duration (e.g. 20s, 500ms, 2min)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms", "msec" -> Duration.ofMillis(n);
            case "us", "usec" -> Duration.ofNanos(n * 1000);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h", "hr" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** ISO 8601 durations as Pacemaker accepts them, including the time part without its T (P10S). */
    private static Duration iso8601(String text) {
        try {
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException first) {
            try {
                return Duration.parse(text.contains("T") ? text : "PT" + text.substring(1));
            } catch (java.time.format.DateTimeParseException second) {
                throw new ExecutorException("'" + text + "' is not a duration (e.g. 20s, 500ms, 2min, PT1M)");
            }
        }
    }
}
