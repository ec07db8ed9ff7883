package org.pacer.cluster;

/** One node of the cluster configuration: its name, numeric id (for the CIB), and cluster address. */
public record ClusterNodeAddress(String name, int id, String host, int port) {
    @Override
    public String toString() {
        return name + "=" + host + ":" + port;
    }
}
