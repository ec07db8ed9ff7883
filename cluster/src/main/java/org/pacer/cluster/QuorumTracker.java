package org.pacer.cluster;

import java.util.Collection;
import java.util.Set;

/**
 * Votequorum's rules for one node: one vote per configured node in the view; quorate with more than half
 * of the expected votes, or with one vote of two under {@code two_node}; under {@code wait_for_all}, not
 * quorate until all configured nodes were in one view since this node started. Mutable (that memory);
 * confined to the caller's thread.
 */
public final class QuorumTracker {
    private final QuorumSettings settings;
    private final Set<String> configuredNodes;
    private boolean seenAll;

    public QuorumTracker(QuorumSettings settings, Collection<String> configuredNodes) {
        this.settings = settings;
        this.configuredNodes = Set.copyOf(configuredNodes);
    }

    public Quorum update(Collection<String> members) {
        int votes = (int) members.stream().distinct().filter(configuredNodes::contains).count();
        if (votes >= configuredNodes.size()) {
            seenAll = true;
        }
        int expected = Math.max(settings.expectedVotes(), votes);
        boolean waiting = settings.waitForAll() && !seenAll;
        boolean majority = settings.twoNode() ? votes >= 1 : votes > expected / 2;
        return new Quorum(majority && !waiting, votes, expected, waiting);
    }
}
