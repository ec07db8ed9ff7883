package org.pacer.cluster;

/**
 * Group membership and reliable messaging among the nodes of one partition. Messages from one sender are
 * delivered in the order sent, to every member of the sender's view including the sender itself (for
 * {@link #broadcast}); views change in the same order on every member. Implemented on JGroups; tests run
 * several instances in one JVM.
 */
public interface Membership extends AutoCloseable {
    /** Called from the membership's own threads; implementations hand events to one thread of their own. */
    interface Listener {
        void viewChanged(MembershipView view);

        void received(String from, byte[] payload);
    }

    String localNode();

    /** Joins the cluster; the listener sees the first view before or soon after this returns. */
    void start(Listener listener);

    MembershipView view();

    /** Sends to every member of the current view, this node included. */
    void broadcast(byte[] payload);

    /** Sends to one member; dropped silently when that node is not in the view. */
    void send(String node, byte[] payload);

    /** Leaves the cluster. */
    @Override
    void close();
}
