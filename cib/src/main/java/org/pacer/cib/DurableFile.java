package org.pacer.cib;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file's content atomically and durably: the bytes go to a temporary file in the same folder,
 * which is flushed to disk, renamed over the target and followed by a flush of the folder. A reader (or a
 * restart after a crash) sees the old content or the new, never a mix.
 */
public final class DurableFile {
    private static final int SLICE = 16 * 1024;
    private DurableFile() {
    }

    /** Writes {@code content} to {@code file} atomically; failures are CibExceptions naming the file. */
    public static void replace(Path file, byte[] content) {
        replace(file, content, true);
    }

    /** As {@link #replace(Path, byte[])}; without {@code syncFolder} the caller flushes the folder later. */
    static void replace(Path file, byte[] content, boolean syncFolder) {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temporary = folder.resolve("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                // In slices: a heap buffer written whole would make the JDK allocate a direct buffer as large.
                for (int at = 0; at < content.length; at += SLICE) {
                    ByteBuffer buffer = ByteBuffer.wrap(content, at, Math.min(SLICE, content.length - at));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CibException(file + ": cannot replace atomically on this file system: " + e.getMessage());
            }
            if (syncFolder) {
                syncFolder(folder);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The write already failed; a stray temporary file is harmless and overwritten next time.
            }
            throw new CibException(file + ": cannot write: " + describe(e), e);
        }
    }

    /** Makes a rename or deletion in {@code folder} durable (a no-op where folders cannot be opened). */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    static String describe(IOException e) {
        String type = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? type : type + " " + e.getMessage();
    }
}
