package org.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Fencing, quorum and clone-instance rules on small CIBs (in src/test/resources/core); each expected summary is
 * what crm_simulate 2.1.5 prints for the same file.
 */
class CoreSemanticsTest {
    private static List<String> summary(String file) {
        return ConformanceRun.normalise(ConformanceRun.scheduleResource("/core/" + file, Instant.EPOCH).summary());
    }

    @Test
    void withFencingEnabledAndNoFenceDeviceNothingIsScheduled() throws Exception {
        // Node pcmk-1 is in standby with A active there; B, C, D are stopped.
        assertThat(summary("no-fence-device.xml")).isEmpty();
        assertThat(summary("with-fence-device.xml")).containsExactly(
                "* Move A ( pcmk-1 -> pcmk-2 )",
                "* Start B ( pcmk-2 )",
                "* Start C ( pcmk-2 )",
                "* Start D ( pcmk-2 )",
                "* Start F ( pcmk-2 )");
    }

    @Test
    void withoutQuorumAMemberStillInViewIsFencedForAFailedStop() throws Exception {
        assertThat(summary("no-quorum-failed-stop.xml")).containsExactly(
                "* Fence (reboot) node1 'rsc1 failed there'",
                "* Start stonith-1 ( node2 ) due to no quorum (blocked)",
                "* Stop rsc1 ( node1 ) due to no quorum",
                "* Stop rsc2 ( node1 ) due to no quorum");
    }

    @Test
    void aStopThatFailedOnALostNodeIsLeftToFencing() throws Exception {
        // node1 is gone and cannot be fenced without quorum: rsc1 is not blocked, its stop waits like rsc2's.
        assertThat(summary("no-quorum-stop-failed-on-lost-node.xml")).containsExactly(
                "* Start stonith-1 ( node2 ) due to no quorum (blocked)",
                "* Stop rsc1 ( node1 ) due to no quorum (blocked)",
                "* Stop rsc2 ( node1 ) due to no quorum (blocked)");
    }

    @Test
    void aCloneInstanceBannedWhereItRunsStopsWhileASpareInstanceStarts() throws Exception {
        assertThat(summary("clone-instance-banned.xml")).contains(
                "* Stop R:1 ( n3 ) due to node availability",
                "* Start R:2 ( n1 )");
    }

    @Test
    void aCloneInstanceWhoseNodeGoesIntoStandbyMoves() throws Exception {
        assertThat(summary("clone-instance-standby.xml")).contains("* Move R:1 ( n3 -> n1 )")
                .noneMatch(line -> line.contains("R:2"));
    }

    @Test
    void whatASymmetricalOrderPutsAfterAStoppingResourceStopsBecauseThatStartIsRequired() throws Exception {
        // A is disabled; B and the clone C are ordered after it symmetrically, D asymmetrically.
        assertThat(summary("order-after-stopping.xml")).containsExactly(
                "* Stop A ( n1 ) due to node availability",
                "* Stop B ( n1 ) due to required A start",
                "* Stop R:0 ( n1 ) due to required A start");
    }

    @Test
    void aCloneOrGroupBlockedByAnOrderNamesTheActionBeforeIt() throws Exception {
        // A is disabled and never ran; the clone C and the group G are ordered after it.
        assertThat(summary("order-after-unrunnable.xml")).containsExactly(
                "* Start G1 ( n1 ) due to unrunnable A start (blocked)",
                "* Start G2 ( n1 ) due to unrunnable A start (blocked)",
                "* Start R:0 ( n1 ) due to unrunnable A start (blocked)");
    }

    @Test
    void aLocationPatternMatchesAnywhereInTheIdAndALeadingBangInvertsIt() throws Exception {
        // rsc-pattern="!b" bans from n1 every resource whose id has no "b" in it.
        assertThat(summary("location-pattern-inverted.xml")).containsExactly(
                "* Start bar ( n1 )",
                "* Start foo1 ( n2 )",
                "* Start xfoo ( n2 )");
    }

    @Test
    void aCopyOnALostNodeOfACloneNotRequiringFencingIsTheOrphanWhenThereAreTooManyCopies() throws Exception {
        // clone-max=2, R active on the unclean n1 (first in the status) and on n2, n3. With requires=quorum the copy
        // on n1 is presumed inactive, numbered last and stops with n1; otherwise it is R:0 and moves.
        // (crm_simulate also restarts F and the other copies, as this hand-written history records no digests.)
        assertThat(summary("clone-copy-on-lost-node-quorum.xml"))
                .contains("* Fence (reboot) n1 'peer is no longer part of the cluster'",
                        "* Stop R:2 ( n1 ) due to node availability")
                .noneMatch(line -> line.startsWith("* Move"));
        assertThat(summary("clone-copy-on-lost-node-fencing.xml"))
                .contains("* Fence (reboot) n1 'peer is no longer part of the cluster'",
                        "* Move R:0 ( n1 -> n3 )",
                        "* Stop R:2 ( n3 ) due to node availability");
    }

    @Test
    void whatIsOrderedAfterACloneStopsWhenFewerThanCloneMinInstancesWillRun() throws Exception {
        // C (clone-min=2) runs on n1 and n2, D on n3 is ordered after C; putting n2 in standby leaves one instance.
        assertThat(summary("clone-min-order-kept.xml")).isEmpty();
        assertThat(summary("clone-min-order-stop.xml")).containsExactly(
                "* Stop D ( n3 ) due to unrunnable clone-one-or-more:o1",
                "* Stop R:1 ( n2 ) due to node availability");
    }

    @Test
    void anInterleavedCloneInstanceWaitsOnlyForThePartnerInstanceOnItsNode() throws Exception {
        // B (interleave=true) is ordered after A; A's instance on n1 restarts for a definition change.
        assertThat(summary("clone-interleave-restart.xml")).containsExactly(
                "* Restart R:0 ( n1 ) due to resource definition change",
                "* Restart S:0 ( n1 ) due to required R:0 start");
    }

    @Test
    void aCloneInstanceRestartingRestartsWhatIsOrderedAfterTheClone() throws Exception {
        // As clone-interleave-restart.xml without interleave: B waits for the whole of A.
        assertThat(summary("clone-restart-order.xml")).containsExactly(
                "* Restart R:0 ( n1 ) due to resource definition change",
                "* Restart S:0 ( n1 ) due to required A running",
                "* Restart S:1 ( n2 ) due to required A running");
    }
}
