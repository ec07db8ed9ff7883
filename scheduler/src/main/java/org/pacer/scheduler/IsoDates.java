package org.pacer.scheduler;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO 8601 dates as Pacemaker's rules write them: calendar, ordinal (2005-020) and week dates, in UTC. */
final class IsoDates {
    private static final Pattern DATE_TIME = Pattern.compile(
            "^\\s*(\\d{4})(?:-?W(\\d{2})-?(\\d)|-(\\d{3})(?![\\d-])|-?(\\d{2})-?(\\d{2}))?"
                    + "(?:[T ](\\d{1,2})(?::?(\\d{2}))?(?::?(\\d{2}))?(?:\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?\\s*$");

    private IsoDates() {
    }

    /** Parses a date-time; throws {@link SchedulerException} when the text is not one. */
    static LocalDateTime parse(String text) {
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new SchedulerException("not an ISO 8601 date: '" + text + "'");
        }
        int year = Integer.parseInt(m.group(1));
        LocalDate date;
        if (m.group(2) != null) {
            date = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(2)))
                    .with(java.time.temporal.ChronoField.DAY_OF_WEEK, Integer.parseInt(m.group(3)));
        } else if (m.group(4) != null) {
            date = LocalDate.ofYearDay(year, Integer.parseInt(m.group(4)));
        } else if (m.group(5) != null) {
            date = LocalDate.of(year, Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        } else {
            date = LocalDate.of(year, 1, 1);
        }
        int h = m.group(7) == null ? 0 : Integer.parseInt(m.group(7));
        int min = m.group(8) == null ? 0 : Integer.parseInt(m.group(8));
        int s = m.group(9) == null ? 0 : Integer.parseInt(m.group(9));
        LocalDateTime local = h == 24 ? LocalDateTime.of(date, LocalTime.MIDNIGHT).plusDays(1)
                : LocalDateTime.of(date, LocalTime.of(h, min, s));
        String zone = m.group(10);
        if (zone != null && !zone.equals("Z")) {
            String z = zone.replace(":", "");
            int sign = z.charAt(0) == '-' ? -1 : 1;
            int zh = Integer.parseInt(z.substring(1, 3));
            int zm = z.length() > 3 ? Integer.parseInt(z.substring(3, 5)) : 0;
            local = local.minusMinutes(sign * (zh * 60L + zm));
        }
        return local;
    }

    static Instant toInstant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime plus(LocalDateTime start, Map<String, String> duration) {
        LocalDateTime t = start;
        t = t.plusYears(num(duration.get("years")));
        t = t.plusMonths(num(duration.get("months")));
        t = t.plusWeeks(num(duration.get("weeks")));
        t = t.plusDays(num(duration.get("days")));
        t = t.plusHours(num(duration.get("hours")));
        t = t.plusMinutes(num(duration.get("minutes")));
        t = t.plusSeconds(num(duration.get("seconds")));
        return t;
    }

    private static long num(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
