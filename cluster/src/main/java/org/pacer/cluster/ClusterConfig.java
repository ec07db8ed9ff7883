package org.pacer.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The cluster configuration shared by every node: its name, nodes, transport timings and quorum options.
 * Node names, ids and addresses are unique (checked when the file is read).
 */
public record ClusterConfig(String name, List<ClusterNodeAddress> nodes, TransportSettings transport,
                            QuorumSettings quorum) {
    public ClusterConfig {
        nodes = List.copyOf(nodes);
    }

    public Optional<ClusterNodeAddress> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The named node, or a clear error naming the nodes that exist. */
    public ClusterNodeAddress requireNode(String nodeName) {
        return node(nodeName).orElseThrow(() -> new ClusterException(ClusterException.Kind.NOT_FOUND,
                "node '" + nodeName + "' is not in cluster '" + name + "' (nodes: "
                        + String.join(", ", nodes.stream().map(ClusterNodeAddress::name).toList()) + ")"));
    }

    /** A copy with other nodes; expected votes follow the node count. */
    public ClusterConfig withNodes(List<ClusterNodeAddress> newNodes) {
        return new ClusterConfig(name, newNodes, transport,
                new QuorumSettings(newNodes.size(), newNodes.size() == 2, quorum.waitForAll() || newNodes.size() == 2));
    }
}
