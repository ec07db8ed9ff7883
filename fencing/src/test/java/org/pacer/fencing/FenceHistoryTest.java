package org.pacer.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

class FenceHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static FenceHistoryEntry pending(String id, String target, int second) {
        return new FenceHistoryEntry(id, target, FenceAction.REBOOT, FenceState.PENDING, null, "node2", "node3",
                T0.plusSeconds(second), null, null);
    }

    @Test
    void recordsReplaceByIdAndListenersHearEveryChange() {
        FenceHistory history = new FenceHistory();
        List<FenceHistoryEntry> heard = new ArrayList<>();
        history.subscribe(heard::add);
        FenceHistoryEntry entry = pending("a-1", "node1", 0);
        history.record(entry);
        history.record(entry.finish(FenceState.DONE, "ipmi", T0.plusSeconds(3), null));
        assertThat(history.entries()).singleElement().extracting(FenceHistoryEntry::state).isEqualTo(FenceState.DONE);
        assertThat(heard).extracting(FenceHistoryEntry::state).containsExactly(FenceState.PENDING, FenceState.DONE);
        assertThat(history.lastDone("node1")).hasValueSatisfying(e -> assertThat(e.device()).isEqualTo("ipmi"));
        assertThat(history.lastDone("node2")).isEmpty();
    }

    @Test
    void mergingFromAPeerNeverHidesAnOutcomeBehindALateCopyOfItsPendingState() {
        FenceHistory history = new FenceHistory();
        FenceHistoryEntry entry = pending("b-7", "node1", 0);
        FenceHistoryEntry done = entry.finish(FenceState.DONE, "pdu", T0.plusSeconds(2), null);
        history.merge(List.of(done));
        List<FenceHistoryEntry> heard = new ArrayList<>();
        history.subscribe(heard::add);
        history.merge(List.of(entry, pending("b-8", "node4", 5)));
        assertThat(history.entries()).extracting(FenceHistoryEntry::id, FenceHistoryEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b-7", FenceState.DONE),
                        org.assertj.core.groups.Tuple.tuple("b-8", FenceState.PENDING));
        assertThat(heard).extracting(FenceHistoryEntry::id).containsExactly("b-8");
        assertThat(history.entries("node4")).hasSize(1);
    }

    @Test
    void finishedEntriesAreBoundedButPendingOnesAreKept() {
        FenceHistory history = new FenceHistory();
        history.record(pending("keep", "node1", 0));
        for (int i = 0; i < FenceHistory.CAPACITY + 20; i++) {
            history.record(pending("e" + i, "node2", i + 1).finish(FenceState.FAILED, "d", T0.plusSeconds(i + 2), "no"));
        }
        assertThat(history.entries()).hasSize(FenceHistory.CAPACITY + 1);
        assertThat(history.entries().get(0).id()).isEqualTo("keep");
        assertThat(history.entries().get(1).id()).isEqualTo("e20");
        history.clear("node2");
        assertThat(history.entries()).extracting(FenceHistoryEntry::id).containsExactly("keep");
    }

    @Test
    void entriesGoThroughXmlUnchanged() {
        FenceHistoryEntry entry = pending("d-1", "node1", 0);
        FenceHistoryEntry failed = entry.finish(FenceState.FAILED, "ipmi", T0.plusMillis(2500), "exit status 1 <\"&>");
        for (FenceHistoryEntry e : List.of(entry, failed)) {
            String xml = XmlWriter.toXml(e.toXml());
            assertThat(FenceHistoryEntry.fromXml(new XmlParser().parse(xml, "peer"))).isEqualTo(e);
        }
        assertThat(XmlWriter.toXml(failed.toXml())).contains("status=\"failed\"", "target=\"node1\"",
                "action=\"reboot\"", "completed=\"2026-01-01T10:00:02.500Z\"");
        assertThatThrownBy(() -> FenceHistoryEntry.fromXml(new XmlParser().parse(
                "<fence_event id=\"x\" target=\"n\" action=\"off\" status=\"odd\" requested=\"2026-01-01T00:00:00Z\"/>",
                "peer"))).isInstanceOf(FencingException.class).hasMessage("<fence_event id=\"x\">: unknown status \"odd\"");
        assertThatThrownBy(() -> FenceHistoryEntry.fromXml(new XmlParser().parse(
                "<fence_event id=\"x\" target=\"n\" action=\"off\" status=\"pending\"/>", "peer")))
                .hasMessage("<fence_event id=\"x\"> has no requested");
    }

    @Test
    void describesEntriesLikeStonithAdminHistory() {
        FenceHistoryEntry entry = pending("c-1", "node1", 0);
        assertThat(entry.describe(ZoneOffset.UTC)).isEqualTo(
                "reboot of node1 pending: delegate=node3, origin=node2, requested='2026-01-01 10:00:00.000 +00:00'");
        assertThat(entry.finish(FenceState.DONE, "ipmi", T0.plusMillis(1500), null).describe(ZoneOffset.UTC))
                .isEqualTo("reboot of node1 successful: delegate=node3, origin=node2, device=ipmi,"
                        + " completed='2026-01-01 10:00:01.500 +00:00'");
        assertThat(entry.finish(FenceState.FAILED, "ipmi", T0.plusSeconds(60), "timed out").describe(ZoneOffset.UTC))
                .isEqualTo("reboot of node1 failed: delegate=node3, origin=node2, device=ipmi,"
                        + " last-failed='2026-01-01 10:01:00.000 +00:00', reason: timed out");
    }
}
