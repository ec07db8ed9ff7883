package org.pacer.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.pacer.cib.CibDiff;
import org.pacer.cib.CibException;
import org.pacer.cib.CibPatch;
import org.pacer.cib.CibStore;
import org.pacer.cib.DurableFile;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's CIB in {@code STATE_DIR/cib}: a snapshot kept by the foundation's {@link CibStore} (atomic,
 * checksummed, {@link #BACKUPS} backups) plus {@code cib.journal}, an append-only log of the patches made
 * since that snapshot. A save appends one checksummed patch and flushes it with one fdatasync, instead of
 * rewriting the whole CIB; every {@link #SNAPSHOT_EVERY} records the current copy becomes the new snapshot
 * and the journal starts over. The journal names the digest of the snapshot it follows, so a crash between
 * the new snapshot and the new journal leaves a journal that is recognised as stale; a record cut short by a
 * crash fails its checksum and is dropped (it was never acknowledged). Not thread-safe: one saving thread.
 */
public final class StoredCib implements CibPersistence {
    public static final int BACKUPS = 10;
    /** Patches between snapshots; bounds replay at start-up. */
    public static final int SNAPSHOT_EVERY = 1000;
    static final String JOURNAL = "cib.journal";
    private static final Logger LOG = LoggerFactory.getLogger(StoredCib.class);
    private static final byte[] MAGIC = "PACERJ1\n".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_JOURNAL_BYTES = 64L * 1024 * 1024;
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final CibStore store;
    private final Path journal;
    private final int snapshotEvery;
    private XmlElement saved;
    private FileChannel appender;
    private int records;
    /** False until the journal on disk is known to follow {@link #saved}: the next save then snapshots. */
    private boolean journalFollows;

    public StoredCib(Path stateDir) {
        this(stateDir, SNAPSHOT_EVERY);
    }

    StoredCib(Path stateDir, int snapshotEvery) {
        this.store = new CibStore(stateDir.resolve("cib"), BACKUPS);
        this.journal = store.folder().resolve(JOURNAL);
        this.snapshotEvery = snapshotEvery;
    }

    /** The snapshot with every intact journal record replayed; a torn last record is cut off the file. */
    @Override
    public Optional<XmlElement> load() {
        Optional<XmlElement> snapshot = store.load();
        if (snapshot.isEmpty()) {
            return snapshot;
        }
        XmlElement cib = snapshot.get();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(journal);
        } catch (NoSuchFileException e) {
            saved = cib;
            journalFollows = false;
            return snapshot;
        } catch (IOException e) {
            throw new CibException(journal + ": cannot read: " + e.getMessage(), e);
        }
        JournalReader reader = new JournalReader(bytes);
        String base = reader.header();
        if (base == null || !base.equals(CibDocuments.digest(cib))) {
            // Written before the snapshot we loaded was saved (a crash between the two): nothing new in it.
            LOG.info("{}: journal does not follow the current snapshot {}; ignoring it", journal, cib.attr("epoch"));
            saved = cib;
            journalFollows = false;
            return snapshot;
        }
        int replayed = 0;
        for (byte[] record = reader.next(); record != null; record = reader.next()) {
            String text = new String(record, StandardCharsets.UTF_8);
            try {
                cib = CibPatch.fromXml(new XmlParser().parse(text, journal + " record " + (replayed + 1))).applyTo(cib);
            } catch (CibException e) {
                // Intact but not applicable: no crash does that. Keep what came before (every acknowledged
                // write is on every other member too), keep the journal aside for a post-mortem, start afresh.
                Path aside = journal.resolveSibling(JOURNAL + ".damaged");
                LOG.error("{}: record {} does not apply to the CIB before it ({}); using version {} and moving the"
                        + " journal to {}", journal, replayed + 1, e.getMessage(), cib.attr("epoch"), aside);
                moveAside(aside);
                saved = cib;
                journalFollows = false;
                return Optional.of(cib);
            }
            replayed++;
        }
        if (reader.torn()) {
            LOG.warn("{}: dropping a record cut short at byte {} (a crash during its save; it was never acknowledged)",
                    journal, reader.end());
            truncate(reader.end());
        }
        records = replayed;
        saved = cib;
        journalFollows = true;
        return Optional.of(cib);
    }

    /** Appends the change since the last save, durably; or writes a snapshot when it is time for one. */
    @Override
    public void save(XmlElement cib) {
        if (cib.equals(saved)) {
            return;
        }
        if (saved == null || !journalFollows || records >= snapshotEvery || journalSize() > MAX_JOURNAL_BYTES) {
            snapshot(cib);
            return;
        }
        CibPatch patch;
        try {
            patch = CibDiff.between(saved, cib);
            // A patch that would not replay to this exact copy is never written: the snapshot is always right.
            if (!cib.equals(patch.applyTo(saved))) {
                throw new CibException("it does not reproduce the CIB");
            }
        } catch (CibException e) {
            LOG.warn("{}: no usable patch to version {} ({}); writing a snapshot instead", journal, cib.attr("epoch"),
                    e.getMessage());
            snapshot(cib);
            return;
        }
        append(XmlWriter.toCompactXml(patch.toXml()).getBytes(StandardCharsets.UTF_8));
        records++;
        saved = cib;
    }

    private void snapshot(XmlElement cib) {
        journalFollows = false;
        store.save(cib);
        closeAppender();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(MAGIC);
        header.writeBytes(frame(CibDocuments.digest(cib).getBytes(StandardCharsets.US_ASCII)));
        DurableFile.replace(journal, header.toByteArray());
        records = 0;
        saved = cib;
        journalFollows = true;
    }

    private void append(byte[] payload) {
        try {
            if (appender == null) {
                appender = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer buffer = ByteBuffer.wrap(frame(payload));
            while (buffer.hasRemaining()) {
                appender.write(buffer);
            }
            appender.force(false);
        } catch (IOException e) {
            // The tail may now hold part of a record: start over from a snapshot rather than append after it.
            closeAppender();
            journalFollows = false;
            throw new CibException(journal + ": cannot append: " + e.getMessage(), e);
        }
    }

    private long journalSize() {
        try {
            return appender != null ? appender.size() : Files.size(journal);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private void moveAside(Path aside) {
        try {
            Files.move(journal, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("{}: cannot move it aside: {}", journal, e.getMessage());
        }
    }

    private void truncate(long length) {
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            channel.truncate(length);
            channel.force(true);
        } catch (IOException e) {
            throw new CibException(journal + ": cannot cut off a torn record: " + e.getMessage(), e);
        }
    }

    private void closeAppender() {
        if (appender != null) {
            try {
                appender.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", journal, e.getMessage());
            }
            appender = null;
        }
    }

    /** A record on disk: its length, the CRC-32C of its bytes, the bytes. */
    private static byte[] frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(payload.length);
            out.writeInt((int) crc.getValue());
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads framed records until the end or the first one that is incomplete or fails its checksum. */
    private static final class JournalReader {
        private final ByteBuffer buffer;
        private long end;
        private boolean torn;

        JournalReader(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        /** The snapshot digest the journal follows, or null when the header is not intact. */
        String header() {
            if (buffer.remaining() < MAGIC.length) {
                return null;
            }
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                return null;
            }
            byte[] digest = next();
            return digest == null ? null : new String(digest, StandardCharsets.US_ASCII);
        }

        byte[] next() {
            end = buffer.position();
            if (!buffer.hasRemaining()) {
                return null;
            }
            if (buffer.remaining() < 8) {
                torn = true;
                return null;
            }
            int length = buffer.getInt();
            int expected = buffer.getInt();
            if (length < 0 || length > MAX_RECORD_BYTES || length > buffer.remaining()) {
                torn = true;
                return null;
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            if ((int) crc.getValue() != expected) {
                torn = true;
                return null;
            }
            end = buffer.position();
            return payload;
        }

        boolean torn() {
            return torn;
        }

        long end() {
            return end;
        }
    }
}
