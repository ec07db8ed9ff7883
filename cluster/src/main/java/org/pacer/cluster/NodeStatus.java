package org.pacer.cluster;

import java.util.List;

import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;

/**
 * What one node knows at one moment: its view of the partition, quorum, the DC, and its persisted copy of
 * the CIB with that copy's version and digest. {@code synced} is false until the node has adopted the
 * copy of a DC since it started.
 */
public record NodeStatus(String node, List<String> members, Quorum quorum, String dc, XmlElement cib,
                         CibVersion version, String digest, boolean synced) {
    public NodeStatus {
        members = List.copyOf(members);
    }
}
