package org.pacer.scheduler;

import java.time.Instant;

/** Parses the ISO 8601 dates users give for "now" (as crm_simulate -t takes them). */
public final class Dates {
    private Dates() {
    }

    /** Parses a date-time such as 2005-020T12:30 or 2024-05-01 10:00:00Z; throws SchedulerException if not one. */
    public static Instant parse(String text) {
        return IsoDates.toInstant(IsoDates.parse(text));
    }
}
