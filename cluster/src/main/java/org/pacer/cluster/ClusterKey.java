package org.pacer.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's shared secret: 32 random bytes, stored base64-encoded in a file only its owner can read.
 * Purpose-specific keys are derived from it (HMAC-SHA256 of a label), so the secret itself is never used
 * directly on the wire. {@link #toString()} never shows the key.
 */
public final class ClusterKey {
    public static final int BYTES = 32;
    private final byte[] secret;

    private ClusterKey(byte[] secret) {
        this.secret = secret.clone();
    }

    public static ClusterKey generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new ClusterKey(bytes);
    }

    public static ClusterKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new ClusterException(ClusterException.Kind.NOT_FOUND, file + ": no such key file (make one with 'pacer cluster keygen')");
        } catch (IOException e) {
            throw new ClusterException(file + ": cannot read the cluster key: " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ClusterException(file + ":1: key: not base64");
        }
        if (bytes.length != BYTES) {
            throw new ClusterException(file + ":1: key: " + bytes.length + " bytes, expected " + BYTES);
        }
        return new ClusterKey(bytes);
    }

    /** Writes the key readable by its owner only; refuses to overwrite an existing key unless asked. */
    public void write(Path file, boolean overwrite) {
        try {
            if (!overwrite && Files.exists(file)) {
                throw new ClusterException(ClusterException.Kind.REFUSED, file + ": a key exists already (use --force to replace it)");
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".cluster.key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new ClusterException(ClusterException.Kind.REFUSED, file + ": a key exists already");
        } catch (IOException e) {
            throw new ClusterException(file + ": cannot write the cluster key: " + e.getMessage());
        }
    }

    /** A 256-bit AES key for one purpose, derived from the secret. */
    public SecretKey derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived = mac.doFinal(("pacer-cluster-key:" + purpose).getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterKey k && java.security.MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "ClusterKey(hidden)";
    }
}
