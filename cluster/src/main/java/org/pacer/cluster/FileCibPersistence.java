package org.pacer.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * Keeps the CIB in one file, {@code cib.xml}, replaced atomically: write a temporary file, fsync it,
 * rename it over the old one, fsync the directory. Confined to the replicator's thread.
 */
public final class FileCibPersistence implements CibPersistence {
    private final Path file;

    public FileCibPersistence(Path directory) {
        this.file = directory.resolve("cib.xml");
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<XmlElement> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(new XmlParser().parse(file));
    }

    @Override
    public void save(XmlElement cib) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = XmlWriter.toDocument(cib).getBytes(StandardCharsets.UTF_8);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new ClusterException(file + ": cannot save the CIB: " + e.getMessage(), e);
        }
    }
}
