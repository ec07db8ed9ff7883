package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * Node attributes as pure CIB edits: standby and maintenance are permanent attributes of the node's
 * {@code <node>} entry in the configuration (created from its {@code node_state} when the node has joined
 * but was never configured), as {@code crm_attribute --node N --name standby} writes them.
 */
public final class NodeEdits {
    /** A node the CIB knows: its name, id and permanent attributes. */
    public record KnownNode(String name, String id, Map<String, String> attributes) {
    }

    private NodeEdits() {
    }

    /** Every node, configured or seen in the status section, configured ones first. */
    public static List<KnownNode> nodes(XmlElement cib) {
        Map<String, KnownNode> byName = new LinkedHashMap<>();
        for (XmlElement n : ConfigTree.section(cib, "nodes").children("node")) {
            String name = n.attr("uname", n.id());
            byName.put(name, new KnownNode(name, n.id(), ConfigTree.pairs(n, "instance_attributes")));
        }
        cib.child("status").ifPresent(status -> {
            for (XmlElement state : status.children("node_state")) {
                String name = state.attr("uname", state.id());
                byName.putIfAbsent(name, new KnownNode(name, state.id(), Map.of()));
            }
        });
        return List.copyOf(byName.values());
    }

    public static Optional<KnownNode> node(XmlElement cib, String name) {
        return nodes(cib).stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The node with this name, or a not-found failure listing the known nodes. */
    public static KnownNode requireNode(XmlElement cib, String name) {
        return node(cib, name).orElseThrow(() -> new CommandFailure(ExitCode.NOT_FOUND, "no node '" + name
                + "' in the cluster (known: " + String.join(", ", nodes(cib).stream().map(KnownNode::name).toList())
                + ")"));
    }

    /** The CIB with a permanent attribute of the node set, or removed when {@code value} is null. */
    public static XmlElement setAttribute(XmlElement cib, String nodeName, String name, String value) {
        KnownNode known = requireNode(cib, nodeName);
        if (!name.matches("[A-Za-z0-9_#.:-]+")) {
            throw new CommandFailure(ExitCode.USAGE, "'" + name + "' is not an attribute name (letters, digits, _ # . : -)");
        }
        if ((name.equals("standby") || name.equals("maintenance")) && value != null && !PropertyEdits.isBoolean(value)) {
            throw new CommandFailure(ExitCode.USAGE, name + "=" + value + ": expected on/off, true/false");
        }
        XmlElement nodes = ConfigTree.section(cib, "nodes");
        List<XmlElement> list = new ArrayList<>(nodes.children());
        int index = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals("node") && nodeName.equals(list.get(i).attr("uname", list.get(i).id()))) {
                index = i;
            }
        }
        XmlElement node = index >= 0 ? list.get(index)
                : XmlElement.of("node", ResourceEdits.ordered("id", known.id(), "uname", nodeName));
        Map<String, String> change = new LinkedHashMap<>();
        change.put(name, value);
        XmlElement updated = ConfigTree.withPairs(node, "instance_attributes", change, ConfigTree.ids(cib));
        if (index >= 0) {
            list.set(index, updated);
        } else {
            list.add(updated);
        }
        return ConfigTree.withSection(cib, nodes.withChildren(list));
    }
}
