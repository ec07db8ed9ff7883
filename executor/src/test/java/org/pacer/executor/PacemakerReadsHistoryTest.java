package org.pacer.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * Pacemaker's own scheduler (crm_simulate) reads the history Pacer records: after a real start and recurring
 * monitor of ocf:heartbeat:Dummy, it sees the resource started and plans nothing, which it would not do if a
 * digest, interval or return code were recorded wrongly (a wrong op-digest makes it restart the resource).
 */
class PacemakerReadsHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void crmSimulateSeesTheResourceStartedAndPlansNothing() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/crm_simulate")), "skipped: crm_simulate is not installed");
        Map<String, String> params = Map.of("state", tmp.resolve("r1.state").toString(), "fake", "a & \"b\" <c>");
        AgentName dummy = AgentName.parse("ocf:heartbeat:Dummy");
        List<XmlElement> ops = new ArrayList<>();
        try (AgentExecutor executor = new AgentExecutor(new TestAgents(tmp.resolve("agents")).config())) {
            OperationRequest start = new OperationRequest("r1", dummy, "start", Duration.ZERO, Duration.ofSeconds(20),
                    params, Map.of(), "5:1:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11");
            OperationResult started = executor.submit(start).toCompletableFuture().join();
            assertThat(started.rc()).isZero();
            ops.addAll(OperationHistory.entries(started, "node1"));
            OperationRequest monitor = new OperationRequest("r1", dummy, "monitor", Duration.ofSeconds(10),
                    Duration.ofSeconds(30), params, Map.of(), "6:1:0:6d3bd0c5-0d0b-4b6e-a7b5-1e2d0f8f2c11");
            OperationResult monitored = executor.submit(monitor).toCompletableFuture().join();
            assertThat(monitored.rc()).isZero();
            ops.addAll(OperationHistory.entries(monitored, "node1"));
            executor.cancel("r1", "monitor", Duration.ofSeconds(10));
        }
        String opsXml = ops.stream().map(XmlWriter::toXml).reduce("", String::concat);
        String cib = """
                <cib crm_feature_set="3.16.1" validate-with="pacemaker-3.7" epoch="5" num_updates="0" admin_epoch="0" have-quorum="1">
                  <configuration>
                    <crm_config><cluster_property_set id="o">
                      <nvpair id="o1" name="stonith-enabled" value="false"/>
                      <nvpair id="o2" name="no-quorum-policy" value="ignore"/></cluster_property_set></crm_config>
                    <nodes><node id="1" uname="node1"/></nodes>
                    <resources>
                      <primitive id="r1" class="ocf" provider="heartbeat" type="Dummy">
                        <instance_attributes id="r1-ia">
                          <nvpair id="r1-state" name="state" value="%s"/>
                          <nvpair id="r1-fake" name="fake" value="a &amp; &quot;b&quot; &lt;c&gt;"/>
                        </instance_attributes>
                        <operations><op id="r1-mon" name="monitor" interval="10s" timeout="30s"/></operations>
                      </primitive>
                    </resources>
                    <constraints/>
                  </configuration>
                  <status>
                    <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member">
                      <lrm id="1"><lrm_resources>
                        <lrm_resource id="r1" type="Dummy" class="ocf" provider="heartbeat">
                %s
                        </lrm_resource>
                      </lrm_resources></lrm>
                    </node_state>
                  </status>
                </cib>
                """.formatted(params.get("state"), opsXml);
        new XmlParser().parse(cib, "generated CIB"); // well-formed before Pacemaker sees it
        Path file = tmp.resolve("cib.xml");
        Files.writeString(file, cib);
        String output = crmSimulate(file);
        assertThat(output).containsPattern("\\* r1\\s+\\(ocf:heartbeat:Dummy\\):\\s+Started node1");
        String planned = output.substring(output.indexOf("Transition Summary:"), output.indexOf("Revised Cluster Status:"));
        assertThat(planned).as(output).doesNotContain("Restart", "Recover", "Start", "Stop", "Resource action");
    }

    private static String crmSimulate(Path cib) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/sbin/crm_simulate", "-S", "-x", cib.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
