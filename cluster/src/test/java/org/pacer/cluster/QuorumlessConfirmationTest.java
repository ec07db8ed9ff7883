package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which retried requests a partition without quorum may confirm: status changes only. A configuration change applied
 * by a DC that then lost quorum may be missing from the majority's copy, which wins the merge.
 */
class QuorumlessConfirmationTest {
    private static ReplicationMessage.Request request(String kind, String argument) {
        return new ReplicationMessage.Request("r1", "n1", kind, argument);
    }

    @Test
    void statusWritesMayBeConfirmedWithoutQuorum() {
        assertThat(CibReplicator.onlyStatus(request("modify",
                "<cib><status><node_state id=\"n1\" uname=\"n1\"/></status></cib>"))).isTrue();
        assertThat(CibReplicator.onlyStatus(request("modify", "<node_state id=\"n1\" uname=\"n1\"/>"))).isTrue();
        assertThat(CibReplicator.onlyStatus(request("delete",
                "/cib/status/node_state[@uname='n1']/lrm | /cib/status/node_state[@uname='n1']/transient_attributes")))
                .isTrue();
    }

    @Test
    void anythingElseCountsAsAConfigurationChange() {
        assertThat(CibReplicator.onlyStatus(request("modify",
                "<cib><configuration><resources/></configuration><status/></cib>"))).isFalse();
        assertThat(CibReplicator.onlyStatus(request("modify", "<nvpair id=\"x\" name=\"a\" value=\"1\"/>"))).isFalse();
        assertThat(CibReplicator.onlyStatus(request("delete", "//primitive[@id='a'] | /cib/status/node_state")))
                .isFalse();
        assertThat(CibReplicator.onlyStatus(request("replace", "<cib/>"))).isFalse();
        assertThat(CibReplicator.onlyStatus(request("modify", "<cib"))).isFalse();
    }
}
