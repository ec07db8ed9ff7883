package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pacer.cib.model.Cib;

class FencingConfigurationTest {
    private static final String DEVICES = Cibs.device("ipmi1", "fence_ipmilan", Map.of("pcmk_host_list", "node1"))
            + Cibs.device("pdu", "fence_apc", Map.of("pcmk_host_map", "node1:1;node2:2"))
            + "<primitive id=\"web\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\"/>"
            + Cibs.device("broken", "fence_x", Map.of("pcmk_delay_max", "later"));

    @Test
    void readsDevicesInOrderAndReportsBadOnesWithoutDroppingTheOthers() {
        FencingConfiguration config = FencingConfiguration.from(Cibs.cib(DEVICES, ""));
        assertThat(config.devices()).extracting(FenceDevice::id).containsExactly("ipmi1", "pdu");
        assertThat(config.problems()).containsExactly(
                "fence device broken: pcmk_delay_max: invalid duration 'later' (expected e.g. 10, 10s, 500ms, 5min,"
                        + " 1h or PT10S)");
        assertThat(config.stonithTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.levelsFor("node1")).isEmpty();
    }

    @Test
    void levelsMatchByNamePatternOrAttributeInIndexOrder() {
        String topology = Cibs.level("l1", 2, "target=\"node1\"", "pdu")
                + Cibs.level("l2", 1, "target=\"node1\"", "ipmi1")
                + Cibs.level("l3", 1, "target-pattern=\"^db[0-9]+$\"", "pdu,ipmi1")
                + Cibs.level("l4", 1, "target-attribute=\"rack\" target-value=\"r7\"", "pdu")
                + Cibs.level("l5", 3, "target-pattern=\"ode\"", "ipmi1");
        String nodes = "<node id=\"1\" uname=\"node1\"/><node id=\"3\" uname=\"node3\">"
                + "<instance_attributes id=\"n3\"><nvpair id=\"n3r\" name=\"rack\" value=\"r7\"/></instance_attributes>"
                + "</node>";
        String options = "<nvpair id=\"st\" name=\"stonith-timeout\" value=\"30s\"/>";
        FencingConfiguration config = FencingConfiguration.from(Cibs.cib(DEVICES, topology, nodes, options));
        assertThat(config.levelsFor("node1")).containsExactly(
                new FencingConfiguration.Level(1, List.of("ipmi1")), new FencingConfiguration.Level(2, List.of("pdu")),
                new FencingConfiguration.Level(3, List.of("ipmi1")));
        assertThat(config.levelsFor("db12")).containsExactly(new FencingConfiguration.Level(1, List.of("pdu", "ipmi1")));
        assertThat(config.levelsFor("db12x")).isEmpty();
        // node3 matches by attribute (index 1) and, like regexec, by the unanchored pattern "ode" (index 3).
        assertThat(config.levelsFor("node3")).containsExactly(new FencingConfiguration.Level(1, List.of("pdu")),
                new FencingConfiguration.Level(3, List.of("ipmi1")));
        assertThat(config.stonithTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void levelsNeedAnIndexFromOneToNineAndDevices() {
        Cib cib = Cibs.cib(DEVICES, Cibs.level("zero", 0, "target=\"node1\"", "pdu")
                + Cibs.level("ten", 10, "target=\"node1\"", "pdu") + Cibs.level("empty", 2, "target=\"node1\"", " "));
        FencingConfiguration config = FencingConfiguration.from(cib);
        assertThat(config.topology()).isEmpty();
        assertThat(config.problems()).contains("fencing level zero: index 0 is not between 1 and 9",
                "fencing level ten: index 10 is not between 1 and 9", "fencing level empty lists no devices");
    }

    @Test
    void aBadTargetPatternIsAProblemNotAFailure() {
        Cib cib = Cibs.cib(DEVICES, Cibs.level("bad", 1, "target-pattern=\"node[\"", "pdu"));
        FencingConfiguration config = FencingConfiguration.from(cib);
        assertThat(config.topology()).isEmpty();
        assertThat(config.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("fencing level bad: target-pattern \"node[\" is not a regular expression"));
    }
}
