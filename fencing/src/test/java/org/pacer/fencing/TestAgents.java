package org.pacer.fencing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs the scripted test fence agent (test resource agents/fence_pacer_test) under chosen names. */
final class TestAgents {
    private TestAgents() {
    }

    /** Copies the test agent into {@code directory} as each of {@code names}, executable. */
    static Path install(Path directory, String... names) {
        try {
            Files.createDirectories(directory);
            for (String name : names) {
                Path target = directory.resolve(name);
                try (InputStream in = TestAgents.class.getResourceAsStream("/agents/fence_pacer_test")) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
