package org.pacer.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * Writes membership into a CIB as Pacemaker does: one {@code node_state} per configured node in the status
 * section ({@code in_ccm}, {@code crmd}, {@code join}, {@code expected}), and {@code have-quorum} and
 * {@code dc-uuid} on the root. A node never seen gets no entry; a node's resource history is kept.
 */
final class NodeStates {
    private NodeStates() {
    }

    static XmlElement record(XmlElement cib, ClusterConfig config, MembershipView view, Quorum quorum) {
        XmlElement status = cib.child("status").orElse(XmlElement.of("status", Map.of()));
        List<XmlElement> states = new ArrayList<>(status.children());
        for (ClusterNodeAddress node : config.nodes()) {
            String id = Integer.toString(node.id());
            int index = indexOf(states, id);
            boolean member = view.contains(node.name());
            if (index < 0 && !member) {
                continue;
            }
            XmlElement state = index < 0 ? XmlElement.of("node_state", Map.of()) : states.get(index);
            Map<String, String> attrs = new LinkedHashMap<>(state.attributes());
            attrs.put("id", id);
            attrs.put("uname", node.name());
            attrs.put("in_ccm", Boolean.toString(member));
            attrs.put("crmd", member ? "online" : "offline");
            // A lost node keeps its join state: with expected=member it is unclean until fenced; only the
            // controller records join=down (after fencing or a clean shutdown), as Pacemaker does.
            if (member) {
                attrs.put("join", "member");
            } else {
                attrs.putIfAbsent("join", "down");
            }
            if (member) {
                attrs.put("expected", "member");
            } else {
                attrs.putIfAbsent("expected", "down");
            }
            attrs.put("crm-debug-origin", "pacer-membership");
            XmlElement updated = state.withAttributes(attrs);
            if (index < 0) {
                states.add(updated);
            } else {
                states.set(index, updated);
            }
        }
        XmlElement result = cib.withChild("status", status.withChildren(states))
                .withAttribute("have-quorum", quorum.quorate() ? "1" : "0");
        Optional<ClusterNodeAddress> dc = Optional.ofNullable(view.dc()).flatMap(config::node);
        return dc.isPresent() ? result.withAttribute("dc-uuid", Integer.toString(dc.get().id())) : result;
    }

    /**
     * After a merge, a node's own {@code node_state} (its resource history) comes from its own copy, not
     * from the winning partition's, which could not see it: the node re-reports its status.
     */
    static XmlElement adoptOwnState(XmlElement target, XmlElement nodesCopy, ClusterConfig config, String node) {
        Optional<ClusterNodeAddress> address = config.node(node);
        if (address.isEmpty()) {
            return target;
        }
        String id = Integer.toString(address.get().id());
        List<XmlElement> theirs = nodesCopy.child("status").map(XmlElement::children).orElse(List.of());
        int index = indexOf(theirs, id);
        if (index < 0) {
            return target;
        }
        XmlElement status = target.child("status").orElse(XmlElement.of("status", Map.of()));
        List<XmlElement> states = new ArrayList<>(status.children());
        int mine = indexOf(states, id);
        if (mine < 0) {
            states.add(theirs.get(index));
        } else {
            states.set(mine, theirs.get(index));
        }
        return target.withChild("status", status.withChildren(states));
    }

    private static int indexOf(List<XmlElement> states, String id) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).name().equals("node_state") && id.equals(states.get(i).id())) {
                return i;
            }
        }
        return -1;
    }
}
