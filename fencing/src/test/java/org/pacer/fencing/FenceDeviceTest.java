package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.pacer.cib.model.Cib;
import org.pacer.cib.model.Resource;

class FenceDeviceTest {
    private static FenceDevice read(Map<String, String> attributes) {
        return read(attributes, "");
    }

    private static FenceDevice read(Map<String, String> attributes, String meta) {
        Cib cib = Cibs.cib(Cibs.device("f1", "fence_x", attributes, meta), "");
        return FenceDevice.from((Resource.Primitive) cib.configuration().resources().get(0));
    }

    @Test
    void agentParametersExcludePacemakerOptionsAndTheAction() {
        FenceDevice device = read(ordered("ip", "192.0.2.1", "action", "off", "pcmk_host_list", "n1",
                "password", "secret", "pcmk_reboot_timeout", "90s"));
        assertThat(device.agent()).isEqualTo("fence_x");
        assertThat(device.parameters()).containsExactly(Map.entry("ip", "192.0.2.1"), Map.entry("password", "secret"));
        assertThat(device.timeout("reboot")).contains(Duration.ofSeconds(90));
        assertThat(device.timeout("off")).isEmpty();
        assertThat(device.retries("reboot")).isEqualTo(2);
        assertThat(device.enabled()).isTrue();
    }

    @Test
    void hostListAcceptsSpacesCommasAndSemicolons() {
        FenceDevice device = read(Map.of("pcmk_host_list", " n1,n2; n3  n4 "));
        assertThat(device.hostList()).containsExactly("n1", "n2", "n3", "n4");
        assertThat(device.listsStatically("n3")).isTrue();
        assertThat(device.listsStatically("n5")).isFalse();
        assertThat(device.port("n3")).isEqualTo("n3");
    }

    @Test
    void hostMapSeparatesEntriesBySemicolonOrSpaceAndNamesByColonOrEquals() {
        FenceDevice device = read(Map.of("pcmk_host_map", "node1:1;node2=2,3 node3:a\\ b;;node4: 4"));
        assertThat(device.hostMap()).containsExactly(Map.entry("node1", "1"), Map.entry("node2", "2,3"),
                Map.entry("node3", "a b"), Map.entry("node4", "4"));
        assertThat(device.port("node2")).isEqualTo("2,3");
        assertThat(device.port("node9")).isEqualTo("node9");
    }

    @Test
    void aHostMapEntryWithoutValueIsRefusedNamingDeviceAndParameter() {
        assertThatThrownBy(() -> read(Map.of("pcmk_host_map", "node1:1;node2")))
                .isInstanceOf(FencingException.class)
                .hasMessage("fence device f1: pcmk_host_map: entry \"node2\" in \"node1:1;node2\" has no value"
                        + " (write name:value)");
    }

    @Property(tries = 200)
    void hostMapsWithEscapedPortsReadBack(@ForAll @Size(min = 1, max = 5) List<@AlphaChars @NotEmpty
            @StringLength(max = 8) String> nodes, @ForAll @StringLength(min = 1, max = 12) String port) {
        Map<String, String> map = new LinkedHashMap<>();
        nodes.forEach(node -> map.putIfAbsent(node, port + node));
        String text = map.entrySet().stream().map(e -> e.getKey() + ":" + escape(e.getValue()))
                .collect(Collectors.joining(";"));
        assertThat(HostLists.parseMap(text, "test")).isEqualTo(map);
    }

    private static String escape(String port) {
        StringBuilder escaped = new StringBuilder();
        for (char c : port.toCharArray()) {
            if (c == ';' || c == '\\' || Character.isWhitespace(c)) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Test
    void delaysAndPerNodeDelayBase() {
        FenceDevice device = read(Map.of("pcmk_delay_base", "2s", "pcmk_delay_max", "1min"));
        assertThat(device.delayBase("any")).isEqualTo(Duration.ofSeconds(2));
        assertThat(device.delayMax()).isEqualTo(Duration.ofMinutes(1));
        FenceDevice perNode = read(Map.of("pcmk_delay_base", "node1:0s;node2:5s;node3:250ms"));
        assertThat(perNode.delayBase("node2")).isEqualTo(Duration.ofSeconds(5));
        assertThat(perNode.delayBase("node3")).isEqualTo(Duration.ofMillis(250));
        assertThat(perNode.delayBase("node4")).isZero();
    }

    @Test
    void timesAcceptPacemakerUnitsAndBareSeconds() {
        assertThat(TimeSpec.parse("90", "t")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeSpec.parse("500ms", "t")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeSpec.parse("2 min", "t")).isEqualTo(Duration.ofMinutes(2));
        assertThat(TimeSpec.parse("1h", "t")).isEqualTo(Duration.ofHours(1));
        assertThat(TimeSpec.parse("PT1M30S", "t")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> read(Map.of("pcmk_off_timeout", "soon")))
                .hasMessage("fence device f1: pcmk_off_timeout: invalid duration 'soon' (expected e.g. 10, 10s, 500ms,"
                        + " 5min, 1h or PT10S)");
        assertThatThrownBy(() -> read(Map.of("pcmk_delay_max", "5 fortnights")))
                .hasMessageStartingWith("fence device f1: pcmk_delay_max: invalid duration '5 fortnights'");
    }

    @Test
    void badRetriesAndHostCheckAreRefused() {
        assertThatThrownBy(() -> read(Map.of("pcmk_reboot_retries", "many")))
                .hasMessage("fence device f1: pcmk_reboot_retries: \"many\" is not a whole number");
        assertThatThrownBy(() -> read(Map.of("pcmk_host_check", "guess")))
                .hasMessage("fence device f1: pcmk_host_check: \"guess\" is not a host check"
                        + " (use static-list, dynamic-list, status or none)");
        assertThat(read(Map.of("pcmk_host_check", "Dynamic-List")).hostCheck()).isEqualTo(HostCheck.DYNAMIC_LIST);
    }

    @Test
    void actionNamesAndHostArgumentCanBeRemapped() {
        FenceDevice device = read(Map.of("pcmk_reboot_action", "cycle", "pcmk_host_argument", "vm"));
        assertThat(device.agentAction("reboot")).isEqualTo("cycle");
        assertThat(device.remapsAction("reboot")).isTrue();
        assertThat(device.agentAction("off")).isEqualTo("off");
        assertThat(device.hostArgument()).isEqualTo("vm");
    }

    @Test
    void targetRoleStoppedDisablesTheDevice() {
        String meta = "<meta_attributes id=\"f1-meta\"><nvpair id=\"f1-tr\" name=\"target-role\" value=\"Stopped\"/>"
                + "</meta_attributes>";
        assertThat(read(Map.of(), meta).enabled()).isFalse();
    }

    @Test
    void onlyStonithPrimitivesAreDevices() {
        Cib cib = Cibs.cib("<primitive id=\"d\" class=\"ocf\" provider=\"pacer\" type=\"Dummy\"/>", "");
        assertThatThrownBy(() -> FenceDevice.from((Resource.Primitive) cib.configuration().resources().get(0)))
                .hasMessage("resource d is not a fence device (class \"ocf\", a fence device's is \"stonith\")");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
