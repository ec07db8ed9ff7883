package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigFileTest {
    @TempDir
    Path dir;

    private static final String THREE = """
            # demo
            [cluster]
            name = demo
            heartbeat_interval = 100ms
            failure_timeout = 1s

            [node alpha]
            id = 1
            address = 10.0.0.1:7801

            [node beta]
            address = 10.0.0.2:7801

            [node gamma]
            id = 7
            address = [fe80::1]:7801
            """;

    @Test
    void readsNodesTimingsAndDefaults() {
        ClusterConfig config = ClusterConfigFile.parse(THREE, "cluster.conf");
        assertThat(config.name()).isEqualTo("demo");
        assertThat(config.nodes()).containsExactly(new ClusterNodeAddress("alpha", 1, "10.0.0.1", 7801),
                new ClusterNodeAddress("beta", 2, "10.0.0.2", 7801), new ClusterNodeAddress("gamma", 7, "fe80::1", 7801));
        assertThat(config.transport()).isEqualTo(new TransportSettings("tcp", 100, 1000, 250));
        assertThat(config.quorum()).isEqualTo(new QuorumSettings(3, false, false));
        assertThat(ClusterConfigFile.parse(ClusterConfigFile.format(config), "again")).isEqualTo(config);
    }

    @Test
    void udpTransportWithItsMulticastGroup() {
        ClusterConfig config = ClusterConfigFile.parse(THREE.replace("name = demo",
                "name = demo\ntransport = udp\nmulticast_address = 239.192.0.9\nmulticast_port = 46000"), "c.conf");
        assertThat(config.transport()).isEqualTo(new TransportSettings("udp", 100, 1000, 250, "239.192.0.9", 46000));
        assertThat(ClusterConfigFile.parse(ClusterConfigFile.format(config), "again")).isEqualTo(config);
        ClusterConfig defaults = ClusterConfigFile.parse(THREE.replace("name = demo", "name = demo\ntransport = udp"), "c.conf");
        assertThat(defaults.transport().multicastAddress()).isEqualTo(TransportSettings.DEFAULT_MULTICAST_ADDRESS);
        assertThat(defaults.transport().multicastPort()).isEqualTo(TransportSettings.DEFAULT_MULTICAST_PORT);
    }

    @Test
    void twoNodesImplyTwoNodeAndWaitForAll() {
        ClusterConfig config = ClusterConfigFile.parse("[cluster]\nname=x\n[node a]\naddress=h1:1\n[node b]\naddress=h2:1\n", "c");
        assertThat(config.quorum()).isEqualTo(new QuorumSettings(2, true, true));
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("10.0.0.2:7801", "10.0.0.2:x"), "cluster.conf"))
                .hasMessage("cluster.conf:12: address: port 'x' is not a number");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("failure_timeout = 1s", "failure_timeout = soon"), "c.conf"))
                .hasMessage("c.conf:5: failure_timeout: 'soon' is not a duration (like 200ms or 2s)");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("name = demo", "name = demo\ntransport = sctp"), "c.conf"))
                .hasMessage("c.conf:4: transport: 'sctp' is not a transport (tcp or udp)");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("name = demo",
                "name = demo\ntransport = udp\nmulticast_address = 10.1.1.1"), "c.conf"))
                .hasMessageStartingWith("c.conf:5: multicast_address: '10.1.1.1' is not a multicast address");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("name = demo", "name = demo\nmulticast_port = 5000"), "c.conf"))
                .hasMessage("c.conf:4: multicast_port: only used with transport = udp");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("id = 7", "id = 1"), "c.conf"))
                .hasMessage("c.conf:15: id: 1 is used by another node");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE + "colour = red\n", "c.conf"))
                .hasMessageStartingWith("c.conf:17: colour: unknown field in [node]");
        assertThatThrownBy(() -> ClusterConfigFile.parse("[cluster]\nname = x\n", "c.conf"))
                .hasMessageStartingWith("c.conf:1: [node]: no nodes");
        assertThatThrownBy(() -> ClusterConfigFile.parse(THREE.replace("[node beta]\naddress = 10.0.0.2:7801", "[node beta]"), "c.conf"))
                .hasMessageStartingWith("c.conf:11: address: missing in [node beta]");
    }

    @Test
    void keyIsPrivateAndRoundTrips() throws Exception {
        ClusterKey key = ClusterKey.generate(new SecureRandom());
        Path file = dir.resolve("cluster.key");
        key.write(file, false);
        assertThat(ClusterKey.read(file)).isEqualTo(key);
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThatThrownBy(() -> key.write(file, false)).hasMessageContaining("exists already");
        assertThat(key.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(new byte[0]) + "=");
        Files.writeString(file, "not-a-key!!\n");
        assertThatThrownBy(() -> ClusterKey.read(file)).hasMessage(file + ":1: key: not base64");
    }

    @Test
    void quorumFollowsVotequorum() {
        QuorumTracker three = new QuorumTracker(new QuorumSettings(3, false, false), List.of("a", "b", "c"));
        assertThat(three.update(List.of("a")).quorate()).isFalse();
        assertThat(three.update(List.of("a", "b")).quorate()).isTrue();
        QuorumTracker two = new QuorumTracker(new QuorumSettings(2, true, false), List.of("a", "b"));
        assertThat(two.update(List.of("a")).quorate()).as("wait_for_all before both were seen").isFalse();
        assertThat(two.update(List.of("a", "b")).quorate()).isTrue();
        assertThat(two.update(List.of("a")).quorate()).as("two_node after both were seen").isTrue();
        QuorumTracker five = new QuorumTracker(new QuorumSettings(5, false, true), List.of("a", "b", "c", "d", "e"));
        assertThat(five.update(List.of("a", "b", "c")).quorate()).isFalse();
        assertThat(five.update(List.of("a", "b", "c", "d", "e")).quorate()).isTrue();
        assertThat(five.update(List.of("a", "b", "c")).quorate()).isTrue();
        assertThat(five.update(List.of("a", "b")).quorate()).isFalse();
    }
}
