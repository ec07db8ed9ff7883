package org.pacer.cluster;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The framing of strings in the cluster's binary messages: a 4-byte length, then UTF-8. Null is sent as
 * the empty string. Readers bound the length so a corrupt frame cannot make a node allocate without limit.
 */
public final class WireStrings {
    private WireStrings() {
    }

    public static void write(DataOutputStream out, String value) throws IOException {
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String read(DataInputStream in, int maxBytes) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new IOException("bad string length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            // readNBytes stops quietly at the end: a cut frame must not pass for a shorter string.
            throw new java.io.EOFException("string of " + length + " bytes cut after " + bytes.length);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
