package org.pacer.fencing;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pacemaker's time values: a whole number with an optional unit (ms, us, s, m, h; seconds by default). */
final class TimeSpec {
    private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");

    private TimeSpec() {
    }

    /** Parses {@code text}; {@code what} names the value in the error (e.g. {@code device fence1: pcmk_delay_max}). */
    static Duration parse(String text, String what) {
        Matcher m = SPEC.matcher(text);
        if (!m.matches()) {
            throw new FencingException(what + ": \"" + text + "\" is not a time (e.g. 30s, 500ms, 2min)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new FencingException(what + ": \"" + text + "\" is too large");
        }
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
            case "ms", "msec", "msecs" -> Duration.ofMillis(amount);
            case "us", "usec", "usecs" -> Duration.ofNanos(amount * 1000);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
            case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(amount);
            default -> throw new FencingException(what + ": \"" + text + "\" has an unknown time unit \""
                    + m.group(2) + "\"");
        };
    }
}
