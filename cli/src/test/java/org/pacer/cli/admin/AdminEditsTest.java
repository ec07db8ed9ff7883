package org.pacer.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pacer.cib.CibVerifier;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;
import org.pacer.executor.AgentMetadata;

/** Every edit function on a small three-node CIB, including the errors an administrator makes. */
class AdminEditsTest {
    static final String CIB = """
            <cib admin_epoch="0" epoch="5" num_updates="2" validate-with="pacemaker-3.9">
              <configuration>
                <crm_config/>
                <nodes>
                  <node id="1" uname="a"/>
                </nodes>
                <resources>
                  <primitive id="d1" class="ocf" provider="pacer" type="Dummy"/>
                  <group id="g">
                    <primitive id="g1" class="ocf" provider="pacer" type="Dummy"/>
                    <primitive id="g2" class="ocf" provider="pacer" type="Dummy"/>
                  </group>
                </resources>
                <constraints>
                  <rsc_colocation id="col" rsc="d1" with-rsc="g" score="INFINITY"/>
                  <rsc_order id="ord" first="g" then="d1"/>
                  <rsc_colocation id="set-col" score="INFINITY">
                    <resource_set id="s1"><resource_ref id="d1"/><resource_ref id="g"/></resource_set>
                  </rsc_colocation>
                </constraints>
              </configuration>
              <status>
                <node_state id="1" uname="a" in_ccm="true" crmd="online" join="member" expected="member"/>
                <node_state id="2" uname="b" in_ccm="true" crmd="online" join="member" expected="member">
                  <transient_attributes id="2">
                    <instance_attributes id="status-2">
                      <nvpair id="status-2-fail-count-d1.monitor_10000" name="fail-count-d1#monitor_10000" value="3"/>
                      <nvpair id="status-2-last-failure-d1.monitor_10000" name="last-failure-d1#monitor_10000" value="1700000000"/>
                      <nvpair id="status-2-fail-count-g1.start_0" name="fail-count-g1#start_0" value="INFINITY"/>
                    </instance_attributes>
                  </transient_attributes>
                  <lrm id="2"><lrm_resources>
                    <lrm_resource id="d1" class="ocf" provider="pacer" type="Dummy">
                      <lrm_rsc_op id="d1_last_0" operation="start" call-id="4" rc-code="0" op-status="0" interval="0"/>
                      <lrm_rsc_op id="d1_monitor_10000" operation="monitor" call-id="5" rc-code="7" op-status="0" interval="10000" transition-key="3:1:0:abc"/>
                    </lrm_resource>
                  </lrm_resources></lrm>
                </node_state>
                <node_state id="3" uname="c" in_ccm="false" crmd="offline" join="down" expected="member"/>
              </status>
            </cib>
            """;

    static XmlElement cib() {
        return new XmlParser().parse(CIB, "test.xml");
    }

    private static void assertFails(Runnable edit, int exitCode, String message) {
        assertThatThrownBy(edit::run).isInstanceOf(CommandFailure.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(exitCode));
    }

    private static void assertValid(XmlElement cib) {
        assertThat(CibVerifier.verify(cib)).as(XmlWriter.toXml(cib)).isEmpty();
    }

    private static ResourceSpec spec(String... words) {
        return ResourceSpec.parse(List.of(words));
    }

    @Test
    void createsPrimitiveWithParametersOperationsAndMeta() {
        XmlElement after = ResourceEdits.create(cib(), "web", "ocf:pacer:Dummy",
                spec("fake=1", "op", "monitor", "interval=10s", "timeout=20s", "meta", "resource-stickiness=100"),
                ResourceEdits.Placement.ALONE);
        assertValid(after);
        XmlElement web = ConfigTree.resource(after, "web");
        assertThat(XmlWriter.toCompactXml(web)).isEqualTo("<primitive id=\"web\" class=\"ocf\" provider=\"pacer\" type=\"Dummy\">"
                + "<instance_attributes id=\"web-instance_attributes\"><nvpair id=\"web-instance_attributes-fake\" name=\"fake\" value=\"1\"/></instance_attributes>"
                + "<meta_attributes id=\"web-meta_attributes\"><nvpair id=\"web-meta_attributes-resource-stickiness\" name=\"resource-stickiness\" value=\"100\"/></meta_attributes>"
                + "<operations><op id=\"web-monitor-interval-10s\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/></operations></primitive>");
    }

    @Test
    void createsIntoGroupsAndClones() {
        XmlElement grouped = ResourceEdits.create(cib(), "g3", "ocf:pacer:Dummy", ResourceSpec.EMPTY,
                new ResourceEdits.Placement("g", false, false));
        assertThat(ConfigTree.resource(grouped, "g").children("primitive")).extracting(XmlElement::id)
                .containsExactly("g1", "g2", "g3");
        XmlElement newGroup = ResourceEdits.create(cib(), "n1", "ocf:pacer:Dummy", ResourceSpec.EMPTY,
                new ResourceEdits.Placement("storage", false, false));
        assertThat(ConfigTree.resource(newGroup, "storage").name()).isEqualTo("group");
        XmlElement promotable = ResourceEdits.create(cib(), "db", "ocf:pacer:Stateful", ResourceSpec.EMPTY,
                new ResourceEdits.Placement(null, true, true));
        assertValid(promotable);
        assertThat(ConfigTree.pairs(ConfigTree.resource(promotable, "db-clone"), "meta_attributes"))
                .containsEntry("promotable", "true");
        assertFails(() -> ResourceEdits.create(cib(), "x", "ocf:pacer:Dummy", ResourceSpec.EMPTY,
                new ResourceEdits.Placement("d1", false, false)), ExitCode.REFUSED, "'d1' is a primitive, not a group");
    }

    @Test
    void createRefusesTakenIdsBadAgentsAndBadValues() {
        assertFails(() -> ResourceEdits.create(cib(), "g1", "ocf:pacer:Dummy", ResourceSpec.EMPTY, ResourceEdits.Placement.ALONE),
                ExitCode.REFUSED, "id 'g1' is already used by a <primitive>");
        assertFails(() -> ResourceEdits.create(cib(), "9x", "ocf:pacer:Dummy", ResourceSpec.EMPTY, ResourceEdits.Placement.ALONE),
                ExitCode.USAGE, "'9x' is not a valid id");
        assertFails(() -> ResourceEdits.create(cib(), "x", "ocf:Dummy", ResourceSpec.EMPTY, ResourceEdits.Placement.ALONE),
                ExitCode.USAGE, "is not ocf:PROVIDER:TYPE or CLASS:TYPE");
        assertFails(() -> ResourceEdits.create(cib(), "x", "ocf:pacer:Dummy", spec("meta", "resource-stickiness=lots"),
                ResourceEdits.Placement.ALONE), ExitCode.USAGE, "'lots' is not a score");
        assertFails(() -> spec("op", "monitor", "interval=soon"), ExitCode.USAGE, "'soon' is not a duration");
        assertFails(() -> spec("op", "interval=10s"), ExitCode.USAGE, "'op' needs an action");
        assertFails(() -> spec("fake"), ExitCode.USAGE, "'fake' is not NAME=VALUE");
        assertFails(() -> ResourceEdits.setMeta(cib(), "d1", "target-role", "Running"), ExitCode.USAGE, "is not a role");
    }

    @Test
    void deleteRemovesEmptiedContainersAndEveryReference() {
        XmlElement withoutD1 = ResourceEdits.delete(cib(), "d1");
        assertValid(withoutD1);
        assertThat(ConfigTree.hasResource(withoutD1, "d1")).isFalse();
        assertThat(ConstraintEdits.list(withoutD1, null)).extracting(XmlElement::id).containsExactly("set-col");
        assertThat(ConstraintEdits.list(withoutD1, null).get(0).children("resource_set").get(0).children())
                .extracting(XmlElement::id).containsExactly("g");

        XmlElement oneLeft = ResourceEdits.delete(cib(), "g1");
        assertThat(ConfigTree.resource(oneLeft, "g").children()).extracting(XmlElement::id).containsExactly("g2");
        XmlElement noGroup = ResourceEdits.delete(oneLeft, "g2");
        assertValid(noGroup);
        assertThat(ConfigTree.hasResource(noGroup, "g")).isFalse();
        assertThat(ConstraintEdits.list(noGroup, null)).extracting(XmlElement::id).containsExactly("set-col");
        assertFails(() -> ResourceEdits.delete(cib(), "nope"), ExitCode.NOT_FOUND, "no resource 'nope'");
    }

    @Test
    void updateSetsAndRemovesParametersAndReplacesOperations() {
        XmlElement once = ResourceEdits.update(cib(), "d1", spec("fake=1", "state=/tmp/s", "op", "monitor", "interval=10s"));
        XmlElement twice = ResourceEdits.update(once, "d1", spec("fake=", "op", "monitor", "interval=10", "timeout=5s"));
        assertValid(twice);
        XmlElement d1 = ConfigTree.resource(twice, "d1");
        assertThat(ConfigTree.pairs(d1, "instance_attributes")).containsExactly(Map.entry("state", "/tmp/s"));
        assertThat(d1.child("operations").orElseThrow().children()).hasSize(1)
                .first().satisfies(op -> assertThat(op.attr("timeout")).isEqualTo("5s"));
        assertFails(() -> ResourceEdits.update(cib(), "g", spec("fake=1")), ExitCode.REFUSED, "only primitives have parameters");
        assertFails(() -> ResourceEdits.update(cib(), "zz", spec("fake=1")), ExitCode.NOT_FOUND, "no resource 'zz'");
    }

    @Test
    void metaEnableDisableManage() {
        XmlElement disabled = ResourceEdits.setMeta(cib(), "g", "target-role", "Stopped");
        assertThat(ConfigTree.pairs(ConfigTree.resource(disabled, "g"), "meta_attributes")).containsEntry("target-role", "Stopped");
        XmlElement enabled = ResourceEdits.setMeta(disabled, "g", "target-role", null);
        assertThat(ConfigTree.resource(enabled, "g").children("meta_attributes")).isEmpty();
        assertThat(enabled).isEqualTo(cib());
    }

    @Test
    void resourceDefaults() {
        XmlElement set = ResourceEdits.defaults(cib(), Map.of("resource-stickiness", "100"));
        assertValid(set);
        assertThat(XmlWriter.toCompactXml(ConfigTree.section(set, "rsc_defaults"))).isEqualTo("<rsc_defaults>"
                + "<meta_attributes id=\"rsc-options\"><nvpair id=\"rsc-options-resource-stickiness\" name=\"resource-stickiness\""
                + " value=\"100\"/></meta_attributes></rsc_defaults>");
        java.util.Map<String, String> remove = new java.util.HashMap<>();
        remove.put("resource-stickiness", null);
        assertThat(ConfigTree.section(ResourceEdits.defaults(set, remove), "rsc_defaults").children()).isEmpty();
        assertFails(() -> ResourceEdits.defaults(cib(), Map.of("migration-threshold", "often")), ExitCode.USAGE, "not a score");
    }

    @Test
    void moveBanAndClear() {
        XmlElement moved = ResourceEdits.move(cib(), "d1", "b", null);
        XmlElement banned = ResourceEdits.ban(moved, "d1", "a", Instant.parse("2030-01-01T10:00:00Z"));
        assertValid(banned);
        assertThat(XmlWriter.toCompactXml(ConfigTree.find(banned, "cli-prefer-d1").orElseThrow()))
                .isEqualTo("<rsc_location id=\"cli-prefer-d1\" rsc=\"d1\" role=\"Started\" node=\"b\" score=\"INFINITY\"/>");
        assertThat(XmlWriter.toCompactXml(ConfigTree.find(banned, "cli-ban-d1-on-a").orElseThrow()))
                .contains("<date_expression id=\"cli-ban-d1-on-a-lifetime\" operation=\"lt\" end=\"2030-01-01 10:00:00Z\"/>")
                .contains("score=\"-INFINITY\"");
        assertThat(ResourceEdits.clear(banned, "d1")).isEqualTo(cib());
        assertFails(() -> ResourceEdits.move(cib(), "d1", "zz", null), ExitCode.NOT_FOUND, "no node 'zz' in the cluster (known: a, b, c)");
        assertFails(() -> ResourceEdits.ban(cib(), "zz", "a", null), ExitCode.NOT_FOUND, "no resource 'zz'");
    }

    @Test
    void constraintsInTheAdministratorsWords() {
        XmlElement located = ConstraintEdits.location(cib(), null, "d1", true, List.of("a=100", "b"));
        XmlElement avoided = ConstraintEdits.location(located, null, "g", false, List.of("c=50"));
        XmlElement colocated = ConstraintEdits.colocation(avoided, null, "g2", "d1", "-INFINITY", null, null);
        XmlElement ordered = ConstraintEdits.order(colocated, "my-order", "promote", "d1", null, "g",
                Map.of("kind", "Optional"));
        assertValid(ordered);
        assertThat(ConstraintEdits.list(ordered, ConstraintEdits.Kind.LOCATION)).extracting(ConstraintEdits::describe)
                .containsExactly("d1 prefers a=100  (id: location-d1-a-100)", "d1 prefers b=INFINITY  (id: location-d1-b-INFINITY)",
                        "g avoids c=50  (id: location-g-c--50)");
        assertThat(ConstraintEdits.describe(ConfigTree.find(ordered, "my-order").orElseThrow()))
                .isEqualTo("promote d1 then promote g kind=Optional  (id: my-order)");
        assertThat(ConstraintEdits.describe(ConfigTree.find(ordered, "colocation-g2-d1--INFINITY").orElseThrow()))
                .isEqualTo("g2 with d1 -INFINITY  (id: colocation-g2-d1--INFINITY)");
        XmlElement removed = ConstraintEdits.remove(ordered, ConstraintEdits.Kind.ORDER, "my-order");
        assertThat(ConfigTree.find(removed, "my-order")).isEmpty();
    }

    @Test
    void constraintErrors() {
        assertFails(() -> ConstraintEdits.location(cib(), null, "ghost", true, List.of("a")), ExitCode.NOT_FOUND,
                "no resource 'ghost' in the configuration: a constraint must name existing resources");
        assertFails(() -> ConstraintEdits.colocation(cib(), null, "d1", "ghost", null, null, null), ExitCode.NOT_FOUND,
                "no resource 'ghost'");
        assertFails(() -> ConstraintEdits.location(cib(), null, "d1", true, List.of("a=lots")), ExitCode.USAGE,
                "score for a: 'lots' is not a score");
        assertFails(() -> ConstraintEdits.colocation(cib(), null, "d1", "g", "10x", null, null), ExitCode.USAGE, "'10x' is not a score");
        assertFails(() -> ConstraintEdits.location(cib(), null, "d1", true, List.of("zz=5")), ExitCode.NOT_FOUND, "no node 'zz'");
        assertFails(() -> ConstraintEdits.order(cib(), null, null, "d1", null, "g", Map.of("kind", "Sometimes")),
                ExitCode.USAGE, "expected Mandatory, Optional or Serialize");
        assertFails(() -> ConstraintEdits.order(cib(), "col", null, "d1", null, "g", Map.of()), ExitCode.REFUSED,
                "id 'col' is already used");
        assertFails(() -> ConstraintEdits.remove(cib(), ConstraintEdits.Kind.LOCATION, "col"), ExitCode.NOT_FOUND,
                "no location constraint 'col'");
    }

    @Test
    void nodeAttributesGoToTheConfiguredNodeCreatedFromItsState() {
        XmlElement standby = NodeEdits.setAttribute(cib(), "b", "standby", "on");
        assertValid(standby);
        assertThat(NodeEdits.requireNode(standby, "b")).isEqualTo(new NodeEdits.KnownNode("b", "2", Map.of("standby", "on")));
        XmlElement back = NodeEdits.setAttribute(standby, "b", "standby", null);
        assertThat(NodeEdits.requireNode(back, "b").attributes()).isEmpty();
        assertFails(() -> NodeEdits.setAttribute(cib(), "b", "standby", "maybe"), ExitCode.USAGE, "expected on/off");
        assertFails(() -> NodeEdits.setAttribute(cib(), "q", "rack", "1"), ExitCode.NOT_FOUND, "no node 'q'");
    }

    @Test
    void propertiesAreCheckedAgainstTheKnownOptions() {
        XmlElement set = PropertyEdits.set(cib(), Map.of("stonith-enabled", "false"), false);
        XmlElement more = PropertyEdits.set(set, Map.of("no-quorum-policy", "ignore", "stonith-enabled", "true"), false);
        assertValid(more);
        assertThat(PropertyEdits.current(more)).containsExactly(Map.entry("stonith-enabled", "true"),
                Map.entry("no-quorum-policy", "ignore"));
        assertThat(ConfigTree.section(more, "crm_config").children()).extracting(XmlElement::id)
                .containsExactly("cib-bootstrap-options");
        assertThat(PropertyEdits.current(PropertyEdits.unset(more, "stonith-enabled"))).containsOnlyKeys("no-quorum-policy");
        assertFails(() -> PropertyEdits.set(cib(), Map.of("stonith-enable", "true"), false), ExitCode.USAGE,
                "unknown cluster option 'stonith-enable'; did you mean 'stonith-enabled'?");
        assertFails(() -> PropertyEdits.set(cib(), Map.of("stonith-timeout", "forever"), false), ExitCode.USAGE,
                "stonith-timeout=forever: expected a duration");
        assertFails(() -> PropertyEdits.set(cib(), Map.of("no-quorum-policy", "panic"), false), ExitCode.USAGE,
                "expected one of ignore, freeze, stop, demote, suicide");
        assertFails(() -> PropertyEdits.set(cib(), Map.of("dc-version", "1"), false), ExitCode.REFUSED, "maintained by the cluster");
        assertFails(() -> PropertyEdits.unset(cib(), "maintenance-mode"), ExitCode.NOT_FOUND, "is not set");
        assertThat(PropertyEdits.current(PropertyEdits.set(cib(), Map.of("my-own", "x"), true))).containsEntry("my-own", "x");
    }

    @Test
    void failCountsAreReadAndResetFromTheStatus() {
        assertThat(FailCounts.entries(cib(), null, null)).extracting(FailCounts.Entry::resource, FailCounts.Entry::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", "3"), org.assertj.core.groups.Tuple.tuple("g1", "INFINITY"));
        List<String> ids = FailCounts.resetIds(cib(), "d1", null);
        assertThat(ids).containsExactly("status-2-fail-count-d1.monitor_10000", "status-2-last-failure-d1.monitor_10000");
        assertThat(FailCounts.entries(FailCounts.without(cib(), ids), null, null)).extracting(FailCounts.Entry::resource)
                .containsExactly("g1");
        assertThat(FailCounts.resetIds(cib(), "d1", "a")).isEmpty();
    }

    @Test
    void agentParametersAreCheckedAgainstMetadata() {
        AgentMetadata meta = AgentMetadata.parse("""
                <resource-agent name="T"><parameters>
                  <parameter name="ip" required="1" unique="1"><content type="string"/></parameter>
                  <parameter name="mask"><content type="integer" default="24"/></parameter>
                </parameters><actions/></resource-agent>""", "ocf:x:T");
        AgentParameters.check("ocf:x:T", meta, Map.of("ip", "10.0.0.1"), false);
        assertFails(() -> AgentParameters.check("ocf:x:T", meta, Map.of("ip", "1", "netmask", "8"), false),
                ExitCode.REFUSED, "ocf:x:T has no parameter 'netmask'; it takes: ip, mask");
        assertFails(() -> AgentParameters.check("ocf:x:T", meta, Map.of(), false), ExitCode.REFUSED, "ocf:x:T requires ip=VALUE");
        AgentParameters.check("stonith:f", meta, Map.of("ip", "1", "pcmk_host_list", "a b"), true);
    }

    @Test
    void statusReplaysHistoryIntoRolesFailuresAndNodeStates() {
        ClusterStatus status = ClusterStatus.read(cib(), null, List.of());
        assertThat(status.nodes()).extracting(ClusterStatus.NodeView::name, ClusterStatus.NodeView::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "online"),
                        org.assertj.core.groups.Tuple.tuple("b", "online"), org.assertj.core.groups.Tuple.tuple("c", "offline"));
        ClusterStatus.ResourceView d1 = status.resource("d1");
        assertThat(d1.instances()).containsExactly(new ClusterStatus.Instance("b", "Started", true));
        assertThat(status.resource("g").children()).extracting(ClusterStatus.ResourceView::role).containsExactly("Stopped", "Stopped");
        assertThat(status.failures()).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("d1_monitor_10000");
            assertThat(f.node()).isEqualTo("b");
            assertThat(f.rcText()).isEqualTo("not running");
        });
        ClusterStatus.Membership onlyA = new ClusterStatus.Membership("a", "a", false, 1, 3, List.of("a"));
        assertThat(ClusterStatus.read(cib(), onlyA, List.of()).nodes()).extracting(ClusterStatus.NodeView::state)
                .containsExactly("online", "unclean", "offline");
    }
}
