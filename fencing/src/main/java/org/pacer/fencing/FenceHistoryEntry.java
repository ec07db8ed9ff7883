package org.pacer.fencing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One fencing operation as the cluster remembers it: target, action, state, the device(s) used, who asked
 * ({@code origin}) and who carried it out ({@code delegate}), when it was requested and completed (null while
 * pending), and why it failed. {@code id} is unique across the cluster, so entries can be replicated and
 * merged; a later state of the same id replaces an earlier one.
 */
public record FenceHistoryEntry(String id, String target, FenceAction action, FenceState state, String device,
                                String origin, String delegate, Instant requestedAt, Instant completedAt,
                                String reason) {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");

    public FenceHistoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** This entry completed at {@code when}, by {@code device}, in {@code state}, with a reason when failed. */
    public FenceHistoryEntry finish(FenceState newState, String usedDevice, Instant when, String why) {
        return new FenceHistoryEntry(id, target, action, newState, usedDevice, origin, delegate, requestedAt, when,
                why);
    }

    /**
     * One line in the style of {@code stonith_admin --history}, e.g. {@code reboot of node1 successful:
     * delegate=node2, origin=node3, device=fence1, completed='...'}; times shown in {@code zone}.
     */
    public String describe(ZoneId zone) {
        String outcome = switch (state) {
            case PENDING -> "pending";
            case DONE -> "successful";
            case FAILED -> "failed";
        };
        StringBuilder line = new StringBuilder(action.agentName()).append(" of ").append(target).append(' ')
                .append(outcome).append(": delegate=").append(delegate == null ? "-" : delegate)
                .append(", origin=").append(origin);
        if (device != null) {
            line.append(", device=").append(device);
        }
        if (state == FenceState.PENDING) {
            line.append(", requested='").append(SHOWN.format(requestedAt.atZone(zone))).append('\'');
        } else {
            line.append(state == FenceState.DONE ? ", completed='" : ", last-failed='")
                    .append(SHOWN.format((completedAt == null ? requestedAt : completedAt).atZone(zone))).append('\'');
        }
        if (reason != null && state == FenceState.FAILED) {
            line.append(", reason: ").append(reason);
        }
        return line.toString();
    }
}
