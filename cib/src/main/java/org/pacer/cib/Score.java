package org.pacer.cib;

import java.util.Locale;

/**
 * Pacemaker's scores: whole numbers where {@code INFINITY} (1,000,000) and {@code -INFINITY} bound every
 * result. Text is an optionally signed integer or {@code [+-]INFINITY} (case-insensitive); integers beyond
 * the bounds are clamped, as Pacemaker does. Adding follows Pacemaker: -INFINITY wins over INFINITY.
 */
public final class Score {
    public static final int INFINITY = 1_000_000;

    private Score() {
    }

    /** The score {@code text} stands for; a CibException when it is not a score. */
    public static int parse(String text) {
        if (text == null) {
            throw new CibException("missing score");
        }
        String value = text.strip();
        switch (value.toUpperCase(Locale.ROOT)) {
            case "INFINITY", "+INFINITY" -> {
                return INFINITY;
            }
            case "-INFINITY" -> {
                return -INFINITY;
            }
            default -> {
                if (!value.matches("[+-]?[0-9]+")) {
                    throw new CibException("invalid score '" + text + "' (expected an integer, INFINITY or -INFINITY)");
                }
                String digits = value.replaceFirst("^[+-]", "").replaceFirst("^0+(?=.)", "");
                boolean negative = value.startsWith("-");
                if (digits.length() > 7) {
                    return negative ? -INFINITY : INFINITY;
                }
                return clamp(negative ? -Long.parseLong(digits) : Long.parseLong(digits));
            }
        }
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (CibException e) {
            return false;
        }
    }

    /** The sum of two scores, where any -INFINITY makes -INFINITY and otherwise any INFINITY makes INFINITY. */
    public static int add(int a, int b) {
        if (a <= -INFINITY || b <= -INFINITY) {
            return -INFINITY;
        }
        if (a >= INFINITY || b >= INFINITY) {
            return INFINITY;
        }
        return clamp((long) a + b);
    }

    /** The text Pacemaker writes for a score: {@code INFINITY}, {@code -INFINITY} or the number. */
    public static String toString(int score) {
        if (score >= INFINITY) {
            return "INFINITY";
        }
        if (score <= -INFINITY) {
            return "-INFINITY";
        }
        return Integer.toString(score);
    }

    private static int clamp(long value) {
        return (int) Math.max(-INFINITY, Math.min(INFINITY, value));
    }
}
