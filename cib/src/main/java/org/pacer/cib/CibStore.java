package org.pacer.cib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIB of one node, kept in its state folder. The current copy is {@code cib.xml}; every saved version
 * is also kept as {@code cib-SEQ.xml} (the newest {@code keep} of them), and each file has a
 * {@code .sig} sidecar holding the SHA-256 of its bytes. Every file is replaced atomically, so a crash
 * never leaves a half-written one; a copy whose digest does not match (truncated, corrupted, or caught
 * between the XML's and the sidecar's rename) is skipped with a warning and the newest valid copy is used.
 * Mutable state (the last sequence number) is guarded by this object's lock; one store per folder.
 */
public final class CibStore {
    private static final Logger LOG = LoggerFactory.getLogger(CibStore.class);
    private static final String CURRENT = "cib.xml";
    private static final String SIGNATURE = ".sig";
    private static final Pattern NUMBERED = Pattern.compile("cib-(\\d+)\\.xml");

    private final Path folder;
    private final int keep;
    private final XmlParser parser;
    private long lastSequence = -1;

    /** A store in {@code folder} (created when missing) that keeps the newest {@code keep} copies. */
    public CibStore(Path folder, int keep) {
        this(folder, keep, new XmlParser());
    }

    public CibStore(Path folder, int keep, XmlParser parser) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one copy, not " + keep);
        }
        this.folder = folder;
        this.keep = keep;
        this.parser = parser;
    }

    public Path folder() {
        return folder;
    }

    /**
     * The newest valid CIB: {@code cib.xml} when it is intact, else the newest intact numbered copy (with a
     * WARN naming what was skipped and why). Empty when the folder holds no CIB at all; a CibException
     * when it holds copies but none is intact.
     */
    public synchronized Optional<XmlElement> load() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(folder.resolve(CURRENT));
        candidates.addAll(backups());
        List<String> problems = new ArrayList<>();
        for (Path candidate : candidates) {
            if (!Files.exists(candidate)) {
                continue;
            }
            try {
                XmlElement cib = read(candidate);
                if (!problems.isEmpty()) {
                    LOG.warn("CIB store {}: using {} (version {}) because newer copies are damaged: {}", folder,
                            candidate.getFileName(), CibVersion.of(cib), String.join("; ", problems));
                }
                return Optional.of(cib);
            } catch (CibException e) {
                LOG.warn("CIB store {}: skipping damaged copy: {}", folder, e.getMessage());
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CibException("no intact CIB in " + folder + ": " + String.join("; ", problems));
        }
        return Optional.empty();
    }

    /** Saves {@code cib} as the current copy and as the newest numbered copy, then prunes old copies. */
    public synchronized void save(XmlElement cib) {
        byte[] content = XmlWriter.toDocument(cib).getBytes(StandardCharsets.UTF_8);
        byte[] signature = (sha256(content) + "\n").getBytes(StandardCharsets.US_ASCII);
        createFolder();
        long sequence = nextSequence();
        Path numbered = folder.resolve("cib-" + sequence + ".xml");
        // The numbered copy first: if we die between cib.xml and its sidecar, load() finds it intact.
        DurableFile.replace(numbered, content, false);
        DurableFile.replace(sidecar(numbered), signature, false);
        // An independent copy, not a link: damage to one file must not take the other with it.
        DurableFile.replace(folder.resolve(CURRENT), content, false);
        DurableFile.replace(sidecar(folder.resolve(CURRENT)), signature, false);
        // One flush of the folder makes all four renames durable; until then each file is old or new.
        try {
            DurableFile.syncFolder(folder);
        } catch (IOException e) {
            throw new CibException(folder + ": cannot flush the CIB folder: " + DurableFile.describe(e), e);
        }
        lastSequence = sequence;
        prune();
    }

    /** The numbered copies, newest first (the current version's copy included). */
    public synchronized List<Path> backups() {
        List<Path> copies = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return copies;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "cib-*.xml")) {
            for (Path entry : entries) {
                if (NUMBERED.matcher(entry.getFileName().toString()).matches()) {
                    copies.add(entry);
                }
            }
        } catch (IOException e) {
            throw new CibException(folder + ": cannot list: " + DurableFile.describe(e), e);
        }
        copies.sort(Comparator.comparingLong(CibStore::sequenceOf).reversed());
        return copies;
    }

    private XmlElement read(Path file) {
        byte[] content;
        String expected;
        try {
            content = Files.readAllBytes(file);
            expected = Files.readString(sidecar(file), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new CibException(file.getFileName() + ": missing " + Path.of(e.getFile()).getFileName());
        } catch (IOException e) {
            throw new CibException(file.getFileName() + ": cannot read: " + DurableFile.describe(e), e);
        }
        if (content.length > parser.maxBytes()) {
            throw new CibException(file.getFileName() + ": " + content.length + " bytes, over the limit of "
                    + parser.maxBytes());
        }
        String actual = sha256(content);
        if (!actual.equals(expected)) {
            throw new CibException(file.getFileName() + ": digest mismatch (" + content.length
                    + " bytes, SHA-256 " + actual.substring(0, 12) + "..., expected " + abbreviate(expected)
                    + "): truncated or corrupt");
        }
        XmlElement cib = parser.parse(content, file.toString());
        CibVersion.of(cib);
        return cib;
    }

    private long nextSequence() {
        if (lastSequence < 0) {
            List<Path> copies = backups();
            lastSequence = copies.isEmpty() ? 0 : sequenceOf(copies.get(0));
        }
        return lastSequence + 1;
    }

    private void prune() {
        List<Path> copies = backups();
        boolean removed = false;
        for (Path old : copies.subList(Math.min(keep, copies.size()), copies.size())) {
            try {
                Files.deleteIfExists(sidecar(old));
                Files.deleteIfExists(old);
                removed = true;
            } catch (IOException e) {
                LOG.warn("CIB store {}: cannot remove old copy {}: {}", folder, old.getFileName(),
                        DurableFile.describe(e));
            }
        }
        if (removed) {
            try {
                DurableFile.syncFolder(folder);
            } catch (IOException e) {
                LOG.warn("CIB store {}: cannot flush the folder after pruning: {}", folder, DurableFile.describe(e));
            }
        }
    }

    private void createFolder() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CibException(folder + ": cannot create the CIB folder: " + DurableFile.describe(e), e);
        }
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + SIGNATURE);
    }

    private static long sequenceOf(Path copy) {
        Matcher matcher = NUMBERED.matcher(copy.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(copy.toString());
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String abbreviate(String digest) {
        return digest.isEmpty() ? "an empty sidecar" : digest.substring(0, Math.min(12, digest.length())) + "...";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
