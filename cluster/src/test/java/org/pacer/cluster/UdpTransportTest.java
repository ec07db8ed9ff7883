package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlParser;

/** Three nodes in this JVM form a cluster over UDP with IP multicast on loopback, and replicate a write. */
class UdpTransportTest {
    @TempDir
    Path dir;

    @Test
    void threeNodesFormAClusterOverUdpMulticast() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        // A group and port of our own, so that concurrent test runs on this host do not meet.
        String group = "239.255." + (100 + random.nextInt(150)) + "." + (1 + random.nextInt(250));
        int port = 46000 + random.nextInt(10000);
        String problem = multicastProblemOnLoopback(group, port);
        assumeTrue(problem == null, () -> "IP multicast does not work on loopback here (" + problem
                + "); the udp transport cannot be tested on this host");
        TransportSettings udp = TransportSettings.DEFAULTS.overUdp(group, port);
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 3, udp).startAll()) {
            cluster.awaitGroups(List.of(Set.of("n1", "n2", "n3")));
            String version = cluster.node("n2").submit("udp-1", new CibOperation.Modify(new XmlParser().parse(
                    "<resources><primitive id='over-udp' class='ocf' provider='pacemaker' type='Dummy'/></resources>", "t")))
                    .get(30, TimeUnit.SECONDS);
            for (ClusterNode n : cluster.nodes.values()) {
                assertThat(n.status().version().toString()).as("on %s (group %s:%d)", n.name(), group, port).isEqualTo(version);
                assertThat(CibDocuments.select(n.status().cib(), "//primitive[@id='over-udp']")).hasSize(1);
            }
        }
    }

    /** Null when a datagram sent to the group on loopback comes back; else what went wrong. */
    private static String multicastProblemOnLoopback(String group, int port) {
        try {
            InetAddress address = InetAddress.getByName(group);
            NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            try (MulticastSocket receiver = new MulticastSocket(port); MulticastSocket sender = new MulticastSocket()) {
                receiver.joinGroup(new InetSocketAddress(address, port), loopback);
                receiver.setSoTimeout(2000);
                sender.setNetworkInterface(loopback);
                byte[] probe = "pacer-probe".getBytes(StandardCharsets.US_ASCII);
                sender.send(new DatagramPacket(probe, probe.length, address, port));
                DatagramPacket answer = new DatagramPacket(new byte[64], 64);
                receiver.receive(answer);
                return null;
            }
        } catch (SocketTimeoutException e) {
            return "a datagram sent to " + group + ":" + port + " on loopback never arrived";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
