package org.pacer.scheduler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest Pacemaker records with each operation ({@code op-digest}): MD5 of the resource's parameters written
 * as one {@code <parameters/>} element, names sorted. A recorded digest that differs from the configuration's means
 * the resource runs with old parameters and must be restarted.
 */
final class ParameterDigest {
    private ParameterDigest() {
    }

    static String of(Map<String, String> params) {
        StringBuilder xml = new StringBuilder(" <parameters");
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            xml.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        xml.append("/>\n");
        try {
            byte[] hash = MessageDigest.getInstance("MD5").digest(xml.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : hash) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is always available", e);
        }
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
