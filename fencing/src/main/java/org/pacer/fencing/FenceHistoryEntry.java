package org.pacer.fencing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.pacer.cib.XmlElement;

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

    /**
     * The entry as a {@code <fence_event>} element (attribute names as in Pacemaker's XML fencing history,
     * plus {@code id}, {@code device} and {@code requested}), for replicating it between nodes.
     */
    public XmlElement toXml() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("id", id);
        attributes.put("target", target);
        attributes.put("action", action.agentName());
        attributes.put("status", switch (state) {
            case PENDING -> "pending";
            case DONE -> "success";
            case FAILED -> "failed";
        });
        put(attributes, "device", device);
        put(attributes, "origin", origin);
        put(attributes, "delegate", delegate);
        attributes.put("requested", requestedAt.toString());
        put(attributes, "completed", completedAt == null ? null : completedAt.toString());
        put(attributes, "exit-reason", reason);
        return XmlElement.of("fence_event", attributes);
    }

    /** Reads what {@link #toXml()} wrote; a {@link FencingException} names what is missing or wrong. */
    public static FenceHistoryEntry fromXml(XmlElement e) {
        String what = "<fence_event id=\"" + e.attr("id") + "\">";
        try {
            FenceState state = switch (required(e, "status", what).toLowerCase(Locale.ROOT)) {
                case "pending" -> FenceState.PENDING;
                case "success" -> FenceState.DONE;
                case "failed" -> FenceState.FAILED;
                default -> throw new FencingException(what + ": unknown status \"" + e.attr("status") + "\"");
            };
            return new FenceHistoryEntry(required(e, "id", what), required(e, "target", what),
                    FenceAction.parse(required(e, "action", what)), state, e.attr("device"), e.attr("origin"),
                    e.attr("delegate"), Instant.parse(required(e, "requested", what)),
                    e.attr("completed") == null ? null : Instant.parse(e.attr("completed")), e.attr("exit-reason"));
        } catch (DateTimeParseException ex) {
            throw new FencingException(what + ": \"" + ex.getParsedString() + "\" is not an ISO 8601 time");
        }
    }

    private static String required(XmlElement e, String attribute, String what) {
        String value = e.attr(attribute);
        if (value == null || value.isBlank()) {
            throw new FencingException(what + " has no " + attribute);
        }
        return value;
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
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
