package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pacer.cib.XmlElement;

class StoredCibTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("cib").resolve(StoredCib.JOURNAL);
    }

    @Test
    void reloadsEveryVersionAcrossSnapshots() {
        StoredCib store = new StoredCib(dir, 3);
        assertThat(store.load()).isEmpty();
        for (long epoch = 1; epoch <= 10; epoch++) {
            store.save(StoredCibCrashChild.content(epoch));
            assertThat(new StoredCib(dir, 3).load()).as("after epoch %d", epoch).contains(StoredCibCrashChild.content(epoch));
        }
    }

    @Test
    void appendsPatchesRatherThanRewritingTheCib() throws Exception {
        StoredCib store = new StoredCib(dir, 100);
        XmlElement base = StoredCibCrashChild.content(1);
        java.util.List<XmlElement> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nodes.add(XmlElement.of("node", java.util.Map.of("id", Integer.toString(i), "uname", "node" + i)));
        }
        XmlElement configuration = base.child("configuration").orElseThrow();
        base = base.withChild("configuration", configuration.withChild("nodes",
                configuration.child("nodes").orElseThrow().withChildren(nodes)));
        store.save(base);
        long snapshotSize = Files.size(dir.resolve("cib").resolve("cib.xml"));
        XmlElement last = base;
        for (long update = 1; update <= 20; update++) {
            // Status-sized changes: the version counter and one attribute.
            last = new org.pacer.cib.CibVersion(0, 1, update).applyTo(base).withAttribute("dc-uuid", "n" + update);
            store.save(last);
        }
        // One snapshot written, then 20 small records: together less than two copies of the CIB.
        assertThat(Files.size(journal())).isLessThan(2 * snapshotSize);
        assertThat(new StoredCib(dir, 100).load()).contains(last);
    }

    @Test
    void aTornLastRecordIsDroppedAndTheJournalGoesOn() throws Exception {
        StoredCib store = new StoredCib(dir, 100);
        for (long epoch = 1; epoch <= 4; epoch++) {
            store.save(StoredCibCrashChild.content(epoch));
        }
        long intact = Files.size(journal());
        store.save(StoredCibCrashChild.content(5));
        // A crash during the fifth save: only part of its record reached the disk.
        try (var channel = java.nio.channels.FileChannel.open(journal(), StandardOpenOption.WRITE)) {
            channel.truncate(intact + (Files.size(journal()) - intact) / 2);
        }
        StoredCib reopened = new StoredCib(dir, 100);
        assertThat(reopened.load()).contains(StoredCibCrashChild.content(4));
        assertThat(Files.size(journal())).isEqualTo(intact);
        reopened.save(StoredCibCrashChild.content(6));
        assertThat(new StoredCib(dir, 100).load()).contains(StoredCibCrashChild.content(6));
    }

    @Test
    void aCorruptRecordIsNotReplayed() throws Exception {
        StoredCib store = new StoredCib(dir, 100);
        store.save(StoredCibCrashChild.content(1));
        store.save(StoredCibCrashChild.content(2));
        byte[] bytes = Files.readAllBytes(journal());
        bytes[bytes.length - 3] ^= 0x20;
        Files.write(journal(), bytes);
        assertThat(new StoredCib(dir, 100).load()).contains(StoredCibCrashChild.content(1));
    }

    @Test
    void anIntactRecordThatDoesNotApplyStopsTheReplayAndTheJournalStartsAfresh() throws Exception {
        StoredCib store = new StoredCib(dir, 100);
        store.save(StoredCibCrashChild.content(1));
        store.save(StoredCibCrashChild.content(2));
        // Another store's record (from version 5 to 6) after ours: checksum fine, but not for this CIB.
        StoredCib other = new StoredCib(dir.resolve("other"), 100);
        other.save(StoredCibCrashChild.content(5));
        other.save(StoredCibCrashChild.content(6));
        byte[] foreign = Files.readAllBytes(dir.resolve("other").resolve("cib").resolve(StoredCib.JOURNAL));
        int header = 8 + 8 + 64; // magic, then the framed digest of the snapshot
        Files.write(journal(), java.util.Arrays.copyOfRange(foreign, header, foreign.length), StandardOpenOption.APPEND);

        StoredCib reopened = new StoredCib(dir, 100);
        assertThat(reopened.load()).contains(StoredCibCrashChild.content(2));
        assertThat(journal().resolveSibling(StoredCib.JOURNAL + ".damaged")).exists();
        reopened.save(StoredCibCrashChild.content(3));
        assertThat(new StoredCib(dir, 100).load()).contains(StoredCibCrashChild.content(3));
    }

    @Test
    void aJournalOlderThanTheSnapshotIsIgnored() throws Exception {
        StoredCib store = new StoredCib(dir, 2);
        store.save(StoredCibCrashChild.content(1));
        store.save(StoredCibCrashChild.content(2));
        Path old = dir.resolve("old-journal");
        Files.copy(journal(), old);
        store.save(StoredCibCrashChild.content(3));
        store.save(StoredCibCrashChild.content(4)); // the third record: a new snapshot and a new journal
        // A crash after the new snapshot but before the new journal leaves the old journal in place.
        Files.copy(old, journal(), StandardCopyOption.REPLACE_EXISTING);
        StoredCib reopened = new StoredCib(dir, 2);
        XmlElement loaded = reopened.load().orElseThrow();
        assertThat(loaded).isEqualTo(StoredCibCrashChild.content(4));
        reopened.save(StoredCibCrashChild.content(5));
        assertThat(new StoredCib(dir, 2).load()).contains(StoredCibCrashChild.content(5));
    }
}
