package org.pacer.fencing;

import java.time.Duration;

import org.pacer.cib.CibException;

/** Pacemaker's time values, read as the CIB reads them, with errors naming the fencing setting. */
final class TimeSpec {
    private TimeSpec() {
    }

    /** Parses {@code text}; {@code what} names the value in the error (e.g. {@code fence device f1: pcmk_delay_max}). */
    static Duration parse(String text, String what) {
        try {
            return Duration.ofMillis(org.pacer.cib.Duration.parseMillis(text));
        } catch (CibException e) {
            throw new FencingException(what + ": " + e.getMessage());
        }
    }
}
