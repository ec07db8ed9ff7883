package org.pacer.scheduler;

/** A resource's role, ordered as Pacemaker orders them (Stopped lowest, Promoted highest). */
enum Role {
    UNKNOWN("Unknown"), STOPPED("Stopped"), STARTED("Started"), UNPROMOTED("Unpromoted"), PROMOTED("Promoted");

    final String text;

    Role(String text) {
        this.text = text;
    }

    static Role parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "stopped" -> STOPPED;
            case "started" -> STARTED;
            case "slave", "unpromoted" -> UNPROMOTED;
            case "master", "promoted" -> PROMOTED;
            default -> UNKNOWN;
        };
    }

    boolean isActive() {
        return this.compareTo(STARTED) >= 0;
    }
}
