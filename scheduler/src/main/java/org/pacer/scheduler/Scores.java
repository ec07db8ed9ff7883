package org.pacer.scheduler;

import java.util.List;
import java.util.Locale;

/**
 * Pacemaker's score arithmetic: integers saturating at +/-INFINITY (1,000,000), where -INFINITY wins over
 * +INFINITY. Kept private to the scheduler until the cib module's Score type is available.
 */
final class Scores {
    static final int INFINITY = 1_000_000;

    private Scores() {
    }

    static int add(int a, int b) {
        if (a <= -INFINITY || b <= -INFINITY) {
            return -INFINITY;
        }
        if (a >= INFINITY || b >= INFINITY) {
            return INFINITY;
        }
        return clamp((long) a + b);
    }

    static int clamp(long value) {
        if (value >= INFINITY) {
            return INFINITY;
        }
        if (value <= -INFINITY) {
            return -INFINITY;
        }
        return (int) value;
    }

    /** Parses a score, or returns {@code fallback} when the text is absent or not a score. */
    static int parse(String text, int fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "infinity", "+infinity", "inf", "+inf" -> {
                return INFINITY;
            }
            case "-infinity", "-inf" -> {
                return -INFINITY;
            }
            case "red" -> {
                return -INFINITY;
            }
            case "yellow", "green" -> {
                return 0;
            }
            default -> {
            }
        }
        try {
            return clamp(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
        } catch (NumberFormatException e) {
            try {
                return clamp((long) Double.parseDouble(t));
            } catch (NumberFormatException e2) {
                return fallback;
            }
        }
    }

    static String format(int score) {
        if (score >= INFINITY) {
            return "INFINITY";
        }
        if (score <= -INFINITY) {
            return "-INFINITY";
        }
        return Integer.toString(score);
    }

    static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y") || v.equals("1");
    }

    /** A boolean as Pacemaker reads it, or {@code fallback} when the value is missing or not a boolean. */
    static boolean strictBool(String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (List.of("true", "yes", "on", "y", "1").contains(v)) {
            return true;
        }
        return List.of("false", "no", "off", "n", "0").contains(v) ? false : fallback;
    }

    static boolean bool(String value, boolean fallback) {
        return value == null ? fallback : isTrue(value);
    }

    /** Parses an interval like "10s", "5min", "1h", "30000ms", "PT10S" or plain seconds, in milliseconds. */
    static long intervalMs(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return java.time.Duration.parse(t.toUpperCase(Locale.ROOT)).toMillis();
            }
            int i = 0;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
                i++;
            }
            double n = Double.parseDouble(t.substring(0, i));
            String unit = t.substring(i).trim();
            return switch (unit) {
                case "", "s", "sec", "secs" -> (long) (n * 1000);
                case "ms", "msec", "msecs" -> (long) n;
                case "us", "usec", "usecs" -> (long) (n / 1000);
                case "m", "min", "mins" -> (long) (n * 60_000);
                case "h", "hr", "hrs" -> (long) (n * 3_600_000);
                default -> 0;
            };
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
