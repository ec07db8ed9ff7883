package org.pacer.cib;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pacemaker's durations (operation intervals and timeouts, cluster options) as milliseconds. A plain
 * number means seconds; units are ms/msec, us/usec, s/sec, m/min, h/hr (case-insensitive, space allowed
 * before the unit); ISO 8601 durations such as {@code PT10S} or {@code P1DT2H} are accepted too (a year is
 * 365 days, a month 30, as an interval needs a fixed length).
 */
public final class Duration {
    private static final Pattern PLAIN = Pattern.compile("([0-9]+)\\s*([a-zA-Z]*)");
    private static final Pattern ISO_PART = Pattern.compile("([0-9]+)(?:[.,]([0-9]{1,3})[0-9]*)?([YMWDHS])");
    private static final long SECOND = 1000;
    private static final long DAY = 86_400 * SECOND;

    private Duration() {
    }

    /** The duration {@code text} stands for, in milliseconds; a CibException when it is not one. */
    public static long parseMillis(String text) {
        if (text == null) {
            throw new CibException("missing duration");
        }
        String value = text.strip();
        if (value.startsWith("P") || value.startsWith("p")) {
            return iso(text, value.toUpperCase(Locale.ROOT));
        }
        Matcher plain = PLAIN.matcher(value);
        if (!plain.matches() || plain.group(1).length() > 12) {
            throw invalid(text);
        }
        long number = Long.parseLong(plain.group(1));
        return switch (plain.group(2).toLowerCase(Locale.ROOT)) {
            case "", "s", "sec" -> number * SECOND;
            case "ms", "msec" -> number;
            case "us", "usec" -> number / 1000;
            case "m", "min" -> number * 60 * SECOND;
            case "h", "hr" -> number * 3600 * SECOND;
            default -> throw invalid(text);
        };
    }

    public static boolean isValid(String text) {
        try {
            parseMillis(text);
            return true;
        } catch (CibException e) {
            return false;
        }
    }

    /**
     * An ISO 8601 duration, read as leniently as Pacemaker does: hours and seconds may come before the
     * {@code T} ({@code P10S}); {@code M} means months before it and minutes after it.
     */
    private static long iso(String text, String value) {
        Matcher part = ISO_PART.matcher(value);
        int at = 1;
        boolean time = false;
        boolean any = false;
        long total = 0;
        while (at < value.length()) {
            if (value.charAt(at) == 'T' && !time) {
                time = true;
                at++;
                continue;
            }
            if (!part.find(at) || part.start() != at) {
                throw invalid(text);
            }
            String number = part.group(1);
            long whole = number.length() > 9 ? Long.MAX_VALUE / 1000 : Long.parseLong(number);
            if (whole > 1_000_000_000L) {
                throw invalid(text);
            }
            long unit = switch (part.group(3).charAt(0)) {
                case 'Y' -> 365 * DAY;
                case 'M' -> time ? 60 * SECOND : 30 * DAY;
                case 'W' -> 7 * DAY;
                case 'D' -> DAY;
                case 'H' -> 3600 * SECOND;
                default -> SECOND;
            };
            total += whole * unit;
            if (part.group(2) != null) {
                total += Long.parseLong((part.group(2) + "00").substring(0, 3)) * unit / 1000;
            }
            any = true;
            at = part.end();
        }
        if (!any) {
            throw invalid(text);
        }
        return total;
    }

    private static CibException invalid(String text) {
        return new CibException("invalid duration '" + text + "' (expected e.g. 10, 10s, 500ms, 5min, 1h or PT10S)");
    }
}
