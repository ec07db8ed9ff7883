package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    private static final String CIB = """
            <cib admin_epoch="0" epoch="1" num_updates="1" have-quorum="1">
              <configuration>
                <crm_config><cluster_property_set id="o">
                  <nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                <resources>
                  <primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
                  <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                </resources>
                <constraints><rsc_location id="l" rsc="a" node="n1" score="-INFINITY"/></constraints>
              </configuration>
              <status>
                <node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm id="n1"><lrm_resources><lrm_resource id="a" class="ocf" provider="pacemaker" type="Dummy">
                    <lrm_rsc_op id="a1" operation="start" call-id="2" rc-code="0" op-status="0" interval="0"
                        transition-key="1:1:0:x"/>
                  </lrm_resource></lrm_resources></lrm>
                </node_state>
                <node_state id="n2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
              </status>
            </cib>
            """;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void printsTheFourSectionsWithAlignedSummary(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("cib.xml");
        Files.writeString(cib, CIB);
        Run r = run("simulate", "--xml-file", cib.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Current cluster status:", "Transition Summary:", "Executing Cluster Transition:",
                "Revised Cluster Status:");
        assertThat(r.out()).contains("  * Move       a       ( n1 -> n2 )\n", "  * Start      b       (       n1 )\n");
    }

    @Test
    void showScoresListsAllocationScores(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("cib.xml");
        Files.writeString(cib, CIB);
        Run r = run("simulate", "-x", cib.toString(), "--show-scores");
        assertThat(r.out()).contains("a allocation score on n1: -INFINITY");
    }

    @Test
    void badInputIsOneLineAndNonZero(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("bad.xml");
        Files.writeString(cib, "<cib><configuration>");
        Run r = run("simulate", "--xml-file", cib.toString());
        assertThat(r.status()).isNotZero();
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("pacer: ");
        Run missing = run("simulate", "--xml-file", dir.resolve("nope.xml").toString());
        assertThat(missing.status()).isEqualTo(ExitCode.NOT_FOUND);
        Run notCib = run("simulate", "--xml-file", writeTo(dir.resolve("x.xml"), "<foo/>").toString());
        assertThat(notCib.status()).isEqualTo(ExitCode.FAILED);
        assertThat(notCib.err()).contains("not a CIB");
    }

    @Test
    void batchWritesOneSummaryPerCaseAndGoesOnAfterABadOne(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("good.xml"), CIB);
        Files.writeString(in.resolve("broken.xml"), "<cib>");
        Path out = dir.resolve("out");
        Run r = run("simulate", "--batch", in.toString(), out.toString());
        assertThat(r.status()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("broken");
        assertThat(Files.readString(out.resolve("good.summary"))).contains("Transition Summary:");
        assertThat(r.out()).contains("2 cases scheduled, 1 failed");
    }

    private static Path writeTo(Path p, String text) throws Exception {
        Files.writeString(p, text);
        return p;
    }
}
