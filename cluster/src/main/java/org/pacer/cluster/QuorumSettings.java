package org.pacer.cluster;

/**
 * Corosync votequorum's options: each node has one vote; a partition is quorate with more than half of
 * {@code expectedVotes}. {@code twoNode} lets one of two nodes stay quorate alone, and implies
 * {@code waitForAll}: no quorum until every node has been seen at once since this node started.
 */
public record QuorumSettings(int expectedVotes, boolean twoNode, boolean waitForAll) {
    public QuorumSettings {
        if (twoNode) {
            waitForAll = true;
        }
    }
}
