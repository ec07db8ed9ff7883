package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * Writers on every node keep writing while the DC is cut off from the others and the links heal again.
 * Each write adds a resource and sets its writer's counter, so that a write applied a second time after
 * later ones would put an old value back (and bump the epoch once more). Afterwards all nodes hold the
 * same CIB, every acknowledged write is in it, no writer's counter went back, the epoch grew by exactly
 * the number of writes, and the cut-off DC refused configuration writes while it had no quorum.
 */
class PartitionInvariantsTest {
    @TempDir
    Path dir;

    private static CibOperation write(String writer, int i) {
        return new CibOperation.Modify(new XmlParser().parse("<configuration><crm_config><cluster_property_set id='counters'>"
                + "<nvpair id='" + writer + "' name='" + writer + "' value='" + i + "'/></cluster_property_set></crm_config>"
                + "<resources><primitive id='" + writer + "-" + i + "' class='ocf' provider='pacemaker' type='Dummy'/>"
                + "</resources></configuration>", "test write"));
    }

    /** One client: writes one after another, retrying each with its request id until it is acknowledged. */
    private final class Writer implements Runnable {
        final String node;
        final LoopbackCluster cluster;
        final AtomicBoolean stop;
        final List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refusals = new AtomicInteger();
        volatile Throwable failure;

        Writer(String node, LoopbackCluster cluster, AtomicBoolean stop) {
            this.node = node;
            this.cluster = cluster;
            this.stop = stop;
        }

        @Override
        public void run() {
            try {
                for (int i = 1; !stop.get(); i++) {
                    writeUntilAcknowledged(i);
                    acknowledged.add(i);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        private void writeUntilAcknowledged(int i) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    cluster.node(node).submit("w-" + node + "-" + i, write(node, i)).get(20, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof ClusterException ce) || ce.kind() == ClusterException.Kind.FAILED
                            || ce.kind() == ClusterException.Kind.NOT_FOUND) {
                        throw e;
                    }
                    if (ce.kind() == ClusterException.Kind.REFUSED) {
                        refusals.incrementAndGet();
                    }
                } catch (TimeoutException e) {
                    // The outcome is unknown: the same request id again is safe.
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(node + ": write " + i + " not acknowledged within 60 s");
                }
                await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            }
        }
    }

    @Test
    void aCutOffDcRefusesConfigurationAndNothingIsLostOrAppliedTwice() throws Exception {
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 3).startAll()) {
            Set<String> all = Set.of("n1", "n2", "n3");
            cluster.awaitGroups(List.of(all));
            long epochBefore = cluster.node("n1").status().version().epoch();
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, Writer> writers = new ConcurrentHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (String n : List.of("n1", "n2", "n3")) {
                Writer w = new Writer(n, cluster, stop);
                writers.put(n, w);
                Thread t = new Thread(w, "writer-" + n);
                threads.add(t);
                t.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writers.values().stream().allMatch(w -> w.acknowledged.size() >= 5));

            String dc = cluster.node("n1").status().dc();
            Set<String> majority = new java.util.HashSet<>(all);
            majority.remove(dc);
            cluster.partition(Set.of(dc), majority);
            cluster.awaitGroups(List.of(Set.of(dc), majority));
            // The majority goes on writing; the old DC, alone, refuses its own writer's configuration changes.
            int majorityWrites = majority.stream().mapToInt(n -> writers.get(n).acknowledged.size()).sum();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    majority.stream().mapToInt(n -> writers.get(n).acknowledged.size()).sum() >= majorityWrites + 10
                            && writers.get(dc).refusals.get() > 0);
            assertThat(cluster.node(dc).status().quorum().quorate()).isFalse();

            cluster.heal();
            cluster.awaitGroups(List.of(all));
            int afterHeal = writers.get(dc).acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> writers.get(dc).acknowledged.size() >= afterHeal + 3);
            stop.set(true);
            for (Thread t : threads) {
                t.join(90_000);
            }
            for (Writer w : writers.values()) {
                assertThat(w.failure).as("writer on %s", w.node).isNull();
            }
            cluster.awaitGroups(List.of(all));

            XmlElement cib = cluster.node("n1").status().cib();
            int total = 0;
            for (Writer w : writers.values()) {
                List<Integer> acked = List.copyOf(w.acknowledged);
                total += acked.size();
                for (int i : acked) {
                    assertThat(CibDocuments.select(cib, "//primitive[@id='" + w.node + "-" + i + "']"))
                            .as("acknowledged write %d of %s", i, w.node).hasSize(1);
                }
                assertThat(CibDocuments.select(cib, "//nvpair[@id='" + w.node + "']").get(0).attr("value"))
                        .as("counter of %s: its last write, not an earlier one applied again", w.node)
                        .isEqualTo(Integer.toString(acked.get(acked.size() - 1)));
            }
            assertThat(CibDocuments.select(cib, "//primitive")).hasSize(total);
            assertThat(CibVersion.of(cib).epoch() - epochBefore).as("one epoch per write").isEqualTo(total);
        }
    }
}
