package org.pacer.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

class FailureExpiryTest {
    private static XmlElement cib(String groupMeta, String defaults, String transients) {
        return new XmlParser().parse("""
                <cib><configuration><crm_config/><nodes/><resources>
                  <group id="g">%s
                    <primitive id="a" class="ocf" provider="pacer" type="Dummy">
                      <meta_attributes id="a-meta"><nvpair id="a-ft" name="failure-timeout" value="10s"/></meta_attributes>
                    </primitive>
                    <primitive id="b" class="ocf" provider="pacer" type="Dummy"/>
                  </group>
                  <primitive id="c" class="ocf" provider="pacer" type="Dummy"/>
                </resources><constraints/>%s</configuration>
                <status><node_state id="1" uname="n1"><transient_attributes id="1">
                  <instance_attributes id="status-1">%s</instance_attributes></transient_attributes></node_state></status></cib>
                """.formatted(groupMeta, defaults, transients), "test");
    }

    private static final String FAILURES = """
            <nvpair id="s1" name="fail-count-a#monitor_1000" value="1"/>
            <nvpair id="s2" name="last-failure-a#monitor_1000" value="1000"/>
            <nvpair id="s3" name="last-failure-a#start_0" value="1005"/>
            <nvpair id="s4" name="last-failure-b#monitor_1000" value="2000"/>
            <nvpair id="s5" name="last-failure-c#monitor_1000" value="3000"/>
            """;

    @Test
    void theResourcesOwnTimeoutThenItsGroupsThenTheDefaultsAndTheLatestFailureCounts() {
        XmlElement cib = cib("<meta_attributes id=\"g-meta\"><nvpair id=\"g-ft\" name=\"failure-timeout\" value=\"1min\"/></meta_attributes>",
                "<rsc_defaults><meta_attributes id=\"d\"><nvpair id=\"d-ft\" name=\"failure-timeout\" value=\"5\"/></meta_attributes></rsc_defaults>",
                FAILURES);
        assertThat(FailureExpiry.all(cib)).containsExactlyInAnyOrder(
                new FailureExpiry("n1", "a", 1_005_000 + 10_000),
                new FailureExpiry("n1", "b", 2_000_000 + 60_000),
                new FailureExpiry("n1", "c", 3_000_000 + 5_000));
    }

    @Test
    void withoutATimeoutFailuresNeverExpire() {
        XmlElement cib = cib("", "", FAILURES);
        assertThat(FailureExpiry.all(cib)).containsExactly(new FailureExpiry("n1", "a", 1_015_000));
        assertThat(FailureExpiry.failureTimeoutMs(cib, "b")).isZero();
        assertThat(FailureExpiry.failureTimeoutMs(cib, "unknown")).isZero();
    }
}
