package org.pacer.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One running node of the cluster: JGroups membership plus the CIB replicator, with the node's copy
 * persisted under its state directory. Start it, use {@link #status()} and {@link #submit}, close it to
 * leave the cluster.
 */
public final class ClusterNode implements AutoCloseable {
    private final ClusterConfig config;
    private final JGroupsMembership membership;
    private final CibReplicator replicator;
    /** Payloads starting with a byte this high or higher are not replication's: they go to added listeners. */
    public static final byte EXTRA_TAG_MIN = 0x40;
    private final java.util.List<Membership.Listener> extraListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Membership.Listener router = new Membership.Listener() {
        @Override
        public void viewChanged(MembershipView view) {
            replicator.viewChanged(view);
            extraListeners.forEach(l -> l.viewChanged(view));
        }

        @Override
        public void received(String from, byte[] payload) {
            if (payload.length > 0 && payload[0] >= EXTRA_TAG_MIN) {
                extraListeners.forEach(l -> l.received(from, payload));
            } else {
                replicator.received(from, payload);
            }
        }
    };

    public ClusterNode(ClusterConfig config, String nodeName, ClusterKey key, Path stateDir, Duration writeTimeout) {
        this.config = config;
        this.membership = new JGroupsMembership(config, nodeName, key);
        this.replicator = new CibReplicator(config, membership, new StoredCib(stateDir),
                new PatchChange(), writeTimeout, System::currentTimeMillis);
    }

    public ClusterNode start() {
        membership.start(router);
        return this;
    }

    /**
     * Adds a listener for the node's other traffic (the controller's): it sees every view change and every
     * payload whose first byte is {@link #EXTRA_TAG_MIN} or above, which replication never sends.
     */
    public void addListener(Membership.Listener listener) {
        extraListeners.add(listener);
    }

    /** Sends a payload (first byte {@link #EXTRA_TAG_MIN} or above) to one member. */
    public void send(String nodeName, byte[] payload) {
        membership.send(nodeName, payload);
    }

    /** Sends a payload (first byte {@link #EXTRA_TAG_MIN} or above) to every member, this node included. */
    public void broadcast(byte[] payload) {
        membership.broadcast(payload);
    }

    public String name() {
        return membership.localNode();
    }

    public ClusterConfig config() {
        return config;
    }

    public NodeStatus status() {
        return replicator.status();
    }

    public java.util.concurrent.CompletableFuture<String> submit(String requestId, CibOperation operation) {
        return replicator.submit(requestId, operation);
    }

    /** Cuts or restores links for partition tests. */
    public LinkFilter links() {
        return membership.linkFilter();
    }

    @Override
    public void close() {
        membership.close();
        replicator.close();
    }
}
