package org.pacer.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Remote and guest nodes on small CIBs; each expected summary is what crm_simulate 2.1.5 prints for the same file
 * (in src/test/resources/remote).
 */
class RemoteNodesTest {
    private static List<String> summary(String file) {
        return ConformanceRun.normalise(ConformanceRun.scheduleResource("/remote/" + file, Instant.EPOCH).summary());
    }

    @Test
    void aRemoteNodeTakesResourcesOnceItsConnectionIsPlaced() throws Exception {
        // The connection is placed before anything else, so the fence device goes to the other node.
        assertThat(summary("remote-connection-starts.xml")).containsExactly(
                "* Start app ( remote1 )",
                "* Start fence ( node2 )",
                "* Start remote1 ( node1 )");
    }

    @Test
    void stoppingAConnectionMovesWhatRunsOnItsNode() throws Exception {
        assertThat(summary("remote-connection-disabled.xml")).containsExactly(
                "* Move app ( remote1 -> node2 )",
                "* Stop remote1 ( node1 ) due to node availability");
    }

    @Test
    void aFailedContainerResetsItsGuestNodeWithoutAFenceDevice() throws Exception {
        assertThat(summary("guest-container-failed.xml")).containsExactly(
                "* Fence (reboot) guest1 (resource: vm1) 'guest is unclean'",
                "* Move fence ( node1 -> node2 )",
                "* Recover app ( guest1 )",
                "* Recover vm1 ( node1 )",
                "* Restart guest1 ( node1 ) due to required vm1 start");
    }

    @Test
    void aFailureInsideAContainerRestartsTheContainer() throws Exception {
        assertThat(summary("container-filler-failed.xml")).containsExactly(
                "* Recover app ( node1 )",
                "* Restart vm1 ( node1 )");
    }

    @Test
    void aNodeThatLeftButSeemsToRunSomethingIsFenced() throws Exception {
        assertThat(summary("lost-node-running.xml")).containsExactly(
                "* Fence (reboot) node2 'app is thought to be active there'",
                "* Move app ( node2 -> node1 )");
    }

    @Test
    void aBundleStartsEachReplicaAsAddressContainerConnectionAndInstance() throws Exception {
        assertThat(summary("bundle-start.xml")).containsExactly(
                "* Start httpd:0 ( web-0 )",
                "* Start httpd:1 ( web-1 )",
                "* Start web-0 ( node1 )",
                "* Start web-1 ( node2 )",
                "* Start web-docker-0 ( node1 )",
                "* Start web-docker-1 ( node2 )",
                "* Start web-ip-192.168.122.131 ( node1 )",
                "* Start web-ip-192.168.122.132 ( node2 )");
    }

    @Test
    void aReplicaWhoseHostGoesIntoStandbyStopsBecauseItsContainerCannotStart() throws Exception {
        assertThat(summary("bundle-host-standby.xml")).containsExactly(
                "* Stop httpd:1 ( web-1 ) due to unrunnable web-docker-1 start",
                "* Stop web-1 ( node2 ) due to unrunnable web-docker-1 start",
                "* Stop web-docker-1 ( node2 ) due to node availability",
                "* Stop web-ip-192.168.122.132 ( node2 ) due to node availability");
    }

    @Test
    void aMaskedPasswordIsNotADefinitionChangeWhenTheOtherParametersMatch() throws Exception {
        // The fence device's passwd reads "****" (as crm_report leaves it); its recorded secure digest matches.
        assertThat(summary("fence-masked.xml")).containsExactly(
                "* Fence (reboot) node2 'app is thought to be active there'",
                "* Move app ( node2 -> node1 )");
    }

    @Test
    void fencingAGuestNodeForAFailureRecoversItsContainer() throws Exception {
        // app's monitor failed on guest1 with on-fail=fence: no fence device acts, vm1 is recovered instead.
        assertThat(summary("guest-fenced-by-failure.xml")).containsExactly(
                "* Fence (reboot) guest1 (resource: vm1) 'guest is unclean'",
                "* Move fence ( node1 -> node2 )",
                "* Recover app ( guest1 )",
                "* Recover vm1 ( node1 )",
                "* Restart guest1 ( node1 ) due to required vm1 start");
    }

    @Test
    void aRemoteNodeAskedToShutDownLosesItsConnection() throws Exception {
        assertThat(summary("remote-shutdown.xml")).containsExactly(
                "* Move app ( remote1 -> node2 )",
                "* Stop remote1 ( node1 ) due to node availability");
    }
}
