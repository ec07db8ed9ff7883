package org.pacer.cluster;

/** Whether a partition may change the configuration, with the votes behind the answer. */
public record Quorum(boolean quorate, int votes, int expectedVotes, boolean waitingForAll) {
}
