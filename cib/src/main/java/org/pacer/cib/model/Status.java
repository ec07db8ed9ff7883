package org.pacer.cib.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/** The {@code <status>} section: one state per node and the tickets' state. */
public record Status(List<NodeState> nodes, List<XmlElement> tickets, XmlElement source) {
    public static final Status EMPTY = from(XmlElement.of("status", Map.of()));

    public static Status from(XmlElement e) {
        return new Status(ModelReading.each(e, "node_state", NodeState::from),
                e.child("tickets").map(t -> t.children("ticket_state")).orElse(List.of()), e);
    }

    public Optional<NodeState> node(String uname) {
        return nodes.stream().filter(n -> uname.equals(n.uname())).findFirst();
    }
}
