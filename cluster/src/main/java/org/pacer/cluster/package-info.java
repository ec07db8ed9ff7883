/**
 * The cluster layer: one configuration ({@link org.pacer.cluster.ClusterConfigFile}) and key
 * ({@link org.pacer.cluster.ClusterKey}) shared by all nodes; membership on JGroups behind
 * {@link org.pacer.cluster.Membership} (encrypted and authenticated with the key, partitions made in tests by
 * {@link org.pacer.cluster.LinkFilter}); votequorum's rules ({@link org.pacer.cluster.QuorumTracker}) and the
 * DC as the oldest member of the view; the replicated CIB ({@link org.pacer.cluster.CibReplicator}), where the
 * DC orders every write and a client hears "done" only once every member has persisted it; and the node
 * daemon ({@link org.pacer.cluster.NodeDaemon}) with its local Unix-socket API
 * ({@link org.pacer.cluster.LocalApi}).
 */
package org.pacer.cluster;
