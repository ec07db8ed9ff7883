package org.pacer.cli;

import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;
import org.pacer.cli.admin.ClusterStatus;
import org.pacer.cluster.ClusterException;
import org.pacer.cluster.LocalApiClient;

/**
 * One read of the running cluster through the local node: its CIB, its view of membership, and (when the
 * node offers it) the fencing history, with the {@link ClusterStatus} they make. Reads work on any node.
 */
record ClusterSnapshot(XmlElement cib, ClusterStatus.Membership membership, ClusterStatus status) {
    static ClusterSnapshot read(NodeConnection node, boolean withFencing) {
        try (LocalApiClient client = LocalApiClient.connect(node.socketPath())) {
            XmlElement cib = client.call("cib-query", Map.of(), null).child("cib-copy").orElseThrow().children().get(0);
            ClusterStatus.Membership membership = ClusterStatus.Membership.of(
                    client.call("members", Map.of(), null).child("members").orElseThrow());
            List<XmlElement> fencing = withFencing ? fenceHistory(client) : List.of();
            return new ClusterSnapshot(cib, membership, ClusterStatus.read(cib, membership, fencing));
        } catch (ClusterException e) {
            throw NodeConnection.failure(e);
        }
    }

    /** The {@code fence_event}s the node reports, or none when this pacerd has no fencing history to offer. */
    private static List<XmlElement> fenceHistory(LocalApiClient client) {
        try {
            return client.call("fence-history", Map.of(), null).descendantsAndSelf()
                    .filter(e -> e.name().equals("fence_event")).toList();
        } catch (ClusterException e) {
            if (e.kind() == ClusterException.Kind.NO_CONNECTION) {
                throw e;
            }
            return List.of();
        }
    }
}
