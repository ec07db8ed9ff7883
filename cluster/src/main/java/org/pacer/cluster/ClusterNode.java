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

    public ClusterNode(ClusterConfig config, String nodeName, ClusterKey key, Path stateDir, Duration writeTimeout) {
        this.config = config;
        this.membership = new JGroupsMembership(config, nodeName, key);
        this.replicator = new CibReplicator(config, membership, new FileCibPersistence(stateDir),
                new PatchChange(), writeTimeout, System::currentTimeMillis);
    }

    public ClusterNode start() {
        membership.start(replicator);
        return this;
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
