package org.pacer.cib.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pacer.cib.CibException;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlWriter;

class CibModelTest {
    private static final String SAMPLE = """
            <cib admin_epoch="1" epoch="12" num_updates="3" validate-with="pacemaker-3.7" have-quorum="1" dc-uuid="1">
              <configuration>
                <crm_config>
                  <cluster_property_set id="opts">
                    <nvpair id="opts-stonith" name="stonith-enabled" value="false"/>
                  </cluster_property_set>
                </crm_config>
                <nodes>
                  <node id="1" uname="n1"><instance_attributes id="n1-a"><nvpair id="n1-a-x" name="site" value="a"/></instance_attributes></node>
                  <node id="2" uname="n2" type="member"/>
                </nodes>
                <resources>
                  <primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                    <instance_attributes id="ip-i"><nvpair id="ip-i-ip" name="ip" value="10.0.0.1"/></instance_attributes>
                    <operations><op id="ip-mon" name="monitor" interval="10s" timeout="20s" on-fail="restart"/></operations>
                  </primitive>
                  <group id="web"><primitive id="fs" class="ocf" provider="heartbeat" type="Filesystem"/><primitive id="www" class="systemd" type="nginx"/></group>
                  <clone id="db-clone"><meta_attributes id="db-m"><nvpair id="db-m-p" name="promotable" value="true"/></meta_attributes>
                    <primitive id="db" class="ocf" provider="pacemaker" type="Stateful"/></clone>
                  <future-resource id="kept"/>
                </resources>
                <constraints>
                  <rsc_location id="loc" rsc="ip" node="n1" score="100"/>
                  <rsc_location id="loc-rule" rsc="web">
                    <rule id="r" score="-INFINITY" boolean-op="or">
                      <expression id="r-e" attribute="site" operation="ne" value="a"/>
                      <date_expression id="r-d" operation="date_spec"><date_spec id="r-ds" hours="9-17"/></date_expression>
                    </rule>
                  </rsc_location>
                  <rsc_colocation id="col" rsc="web" with-rsc="ip" score="INFINITY"/>
                  <rsc_order id="ord" first="ip" then="web" kind="Mandatory" symmetrical="false"/>
                  <rsc_order id="ord-set"><resource_set id="s1" sequential="false"><resource_ref id="ip"/><resource_ref id="web"/></resource_set></rsc_order>
                </constraints>
                <fencing-topology><fencing-level id="fl" target="n1" index="1" devices="f1,f2"/></fencing-topology>
              </configuration>
              <status>
                <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <transient_attributes id="1"><instance_attributes id="st-1"><nvpair id="st-1-p" name="pingd" value="100"/></instance_attributes></transient_attributes>
                  <lrm id="1"><lrm_resources>
                    <lrm_resource id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
                      <lrm_rsc_op id="ip_last_0" operation_key="ip_start_0" operation="start" call-id="4" rc-code="0" op-status="0" interval="0" last-rc-change="1700000000" exec-time="25" queue-time="0" op-digest="abc" on_node="n1"/>
                      <lrm_rsc_op id="ip_monitor_10000" operation_key="ip_monitor_10000" operation="monitor" call-id="5" rc-code="7" op-status="0" interval="10000"/>
                    </lrm_resource>
                  </lrm_resources></lrm>
                </node_state>
              </status>
            </cib>
            """;

    @Test
    void readsEveryPartOfTheConfigurationAndStatus() {
        Cib cib = Cib.parse(SAMPLE, "sample.xml");

        assertThat(cib.version()).isEqualTo(new CibVersion(1, 12, 3));
        assertThat(cib.haveQuorum()).isTrue();
        Configuration config = cib.configuration();
        assertThat(config.clusterOptions().get(0).value("stonith-enabled")).contains("false");
        assertThat(config.nodes()).extracting(Node::uname).containsExactly("n1", "n2");
        assertThat(config.nodes().get(0).attributes().get(0).value("site")).contains("a");
        assertThat(config.resources()).hasSize(3);
        Resource.Primitive ip = (Resource.Primitive) config.resources().get(0);
        assertThat(ip.agent()).isEqualTo("ocf:heartbeat:IPaddr2");
        assertThat(ip.operations().get(0).interval()).isEqualTo("10s");
        assertThat(ip.operations().get(0).onFail()).isEqualTo("restart");
        Resource.Group web = (Resource.Group) config.resources().get(1);
        assertThat(web.members()).extracting(Resource.Primitive::agent).containsExactly("ocf:heartbeat:Filesystem",
                "systemd:nginx");
        Resource.Clone clone = (Resource.Clone) config.resources().get(2);
        assertThat(clone.child().id()).isEqualTo("db");
        assertThat(config.resourcesById()).containsKeys("ip", "web", "fs", "www", "db-clone", "db");

        assertThat(config.constraints()).hasSize(5);
        Constraint.Location byRule = (Constraint.Location) config.constraints().get(1);
        Rule rule = byRule.rules().get(0);
        assertThat(rule.isOr()).isTrue();
        assertThat(rule.score()).isEqualTo("-INFINITY");
        assertThat(rule.conditions()).hasSize(2);
        assertThat(((RuleCondition.DateExpression) rule.conditions().get(1)).dateSpec()).containsEntry("hours", "9-17");
        Constraint.Order order = (Constraint.Order) config.constraints().get(3);
        assertThat(order.symmetrical()).isFalse();
        Constraint.Order set = (Constraint.Order) config.constraints().get(4);
        assertThat(set.sets().get(0).resources()).containsExactly("ip", "web");
        assertThat(set.sets().get(0).sequential()).isFalse();
        assertThat(config.fencingTopology().get(0).devices()).containsExactly("f1", "f2");

        NodeState n1 = cib.status().node("n1").orElseThrow();
        assertThat(n1.inMembership()).isTrue();
        assertThat(n1.controllerOnline()).isTrue();
        assertThat(n1.transientAttributes().get(0).value("pingd")).contains("100");
        LrmResource history = n1.resources().get(0);
        assertThat(history.operations()).extracting(LrmOperation::rcCode).containsExactly(0, 7);
        assertThat(history.operations().get(1).intervalMs()).isEqualTo(10_000);
        assertThat(history.operations().get(0).lastRcChange()).isEqualTo(1_700_000_000L);
    }

    @Test
    void keepsWhatItDoesNotModelWhenWrittenBack() {
        Cib cib = Cib.parse(SAMPLE, "sample.xml");
        String written = cib.toXml();
        assertThat(written).contains("<future-resource id=\"kept\"/>");
        assertThat(Cib.parse(written, "written.xml")).isEqualTo(cib);
    }

    @Test
    void badNumbersAreReportedWithTheirPlace() {
        String bad = "<cib epoch=\"1\">\n<status><node_state id=\"1\" uname=\"n1\"><lrm><lrm_resources>"
                + "<lrm_resource id=\"r\">\n<lrm_rsc_op id=\"op\" call-id=\"x\"/></lrm_resource>"
                + "</lrm_resources></lrm></node_state></status></cib>";
        assertThatThrownBy(() -> Cib.parse(bad, "bad.xml"))
                .isInstanceOf(CibException.class)
                .hasMessageContaining("bad.xml:3")
                .hasMessageContaining("call-id=\"x\"");
        assertThatThrownBy(() -> Cib.parse("<configuration/>", "x.xml"))
                .hasMessageContaining("root element is <configuration>");
    }

    @Test
    void everySharedCaseReadsIntoTheModelAndRoundTrips() throws IOException {
        Path cases = Path.of(System.getProperty("pacer.shared.dir", "../../shared"), "scheduler-cases", "xml");
        Assumptions.assumeTrue(Files.isDirectory(cases), "shared scheduler cases not found at " + cases
                + ": skipped");
        List<Path> files;
        try (Stream<Path> list = Files.list(cases)) {
            files = list.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(400);
        int resources = 0;
        int operations = 0;
        for (Path file : files) {
            Cib cib = Cib.parse(file);
            Cib again = Cib.parse(XmlWriter.toDocument(cib.xml()), file + " (written)");
            assertThat(again).as(file.toString()).isEqualTo(cib);
            resources += cib.configuration().resourcesById().size();
            operations += cib.status().nodes().stream().flatMap(n -> n.resources().stream())
                    .mapToInt(r -> r.operations().size()).sum();
        }
        // Every resource and recorded operation in the cases was read (counted from the files with grep).
        assertThat(resources).isGreaterThan(2000);
        assertThat(operations).isEqualTo(12558);
    }
}
