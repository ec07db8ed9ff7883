package org.pacer.fencing;

import java.util.Locale;

/** What fencing does to a node: power-cycle it (the default), power it off, or power it (back) on. */
public enum FenceAction {
    REBOOT, OFF, ON;

    /** The action's name as fence agents and Pacemaker spell it: {@code reboot}, {@code off}, {@code on}. */
    public String agentName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code reboot}, {@code off} or {@code on} (any case); Pacemaker's {@code poweroff} means off. */
    public static FenceAction parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "reboot" -> REBOOT;
            case "off", "poweroff" -> OFF;
            case "on" -> ON;
            default -> throw new FencingException("unknown fence action \"" + text + "\" (use reboot, off or on)");
        };
    }

    /** Whether this action takes a node away (so the random fencing delay applies before it). */
    public boolean takesNodeDown() {
        return this != ON;
    }
}
