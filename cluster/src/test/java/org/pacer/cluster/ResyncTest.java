package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.CibException;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/** A member that cannot apply a commit asks the DC for its whole copy and catches up, within the view. */
class ResyncTest {
    @TempDir
    Path dir;

    /** Applies patches like the real codec, except that it refuses the {@code failAt}-th one. */
    private static final class FlakyCodec implements CibChangeCodec {
        private final PatchChange real = new PatchChange();
        private final AtomicInteger applied = new AtomicInteger();
        private final int failAt;

        FlakyCodec(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public String encode(XmlElement from, XmlElement to) {
            return real.encode(from, to);
        }

        @Override
        public XmlElement apply(XmlElement base, String change) {
            if (applied.incrementAndGet() == failAt) {
                throw new CibException("injected failure");
            }
            return real.apply(base, change);
        }
    }

    @Test
    void aMemberThatMissesACommitCatchesUp() throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(dir, 3);
        List<JGroupsMembership> memberships = new ArrayList<>();
        List<CibReplicator> replicas = new ArrayList<>();
        try {
            for (ClusterNodeAddress n : cluster.config.nodes()) {
                JGroupsMembership m = new JGroupsMembership(cluster.config, n.name(), cluster.key);
                CibReplicator r = new CibReplicator(cluster.config, m, new StoredCib(dir.resolve(n.name())),
                        n.name().equals("n3") ? new FlakyCodec(2) : new PatchChange(), Duration.ofSeconds(20),
                        System::currentTimeMillis);
                memberships.add(m);
                replicas.add(r);
                m.start(r);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> replicas.stream()
                    .allMatch(r -> r.status().members().size() == 3 && r.status().synced()));
            for (int i = 0; i < 4; i++) {
                replicas.get(i % 2).submit("w" + i, new CibOperation.Modify(new XmlParser().parse(
                        "<resources><primitive id='p" + i + "' class='ocf' provider='pacemaker' type='Dummy'/></resources>", "t")))
                        .get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    replicas.stream().map(r -> r.status().digest()).distinct().count() == 1);
            assertThat(CibDocuments.select(replicas.get(2).status().cib(), "//primitive")).hasSize(4);
        } finally {
            memberships.forEach(JGroupsMembership::close);
            replicas.forEach(CibReplicator::close);
        }
    }
}
