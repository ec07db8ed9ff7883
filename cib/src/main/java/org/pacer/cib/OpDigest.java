package org.pacer.cib;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pacemaker's {@code op-digest}: an MD5 over the operation's parameters written as one XML element,
 * {@code " <parameters NAME=\"VALUE\" .../>\n"}, attributes in byte order of their names. Recurring operations
 * also carry their timeout as {@code CRM_meta_timeout} (in ms); other meta attributes are left out.
 * Values are escaped as Pacemaker 2.1 does: the five XML entities, {@code \n} and {@code \r} as backslash
 * sequences, a tab as four spaces (found by running crm_simulate, and checked against the shared cases).
 * The executor records these digests and the scheduler compares them, so both use this one definition.
 */
public final class OpDigest {
    private OpDigest() {
    }

    /** The digest of these instance attributes for an operation with this interval and timeout. */
    public static String of(Map<String, String> params, long intervalMs, long timeoutMs) {
        TreeMap<String, String> sorted = new TreeMap<>(OpDigest::compareBytes);
        sorted.putAll(params);
        sorted.keySet().removeIf(name -> name.startsWith("CRM_meta_") || name.equals("crm_feature_set"));
        if (intervalMs > 0) {
            sorted.put("CRM_meta_timeout", Long.toString(timeoutMs));
        }
        return md5(canonicalForm(sorted));
    }

    /**
     * {@code op-restart-digest}: the digest of only the parameters that force a restart when they change (those
     * Pacemaker lists in {@code op-force-restart}); a change elsewhere can be applied by a reload.
     */
    public static String restart(Map<String, String> params, Collection<String> forceRestart) {
        TreeMap<String, String> kept = new TreeMap<>(OpDigest::compareBytes);
        params.forEach((name, value) -> {
            if (forceRestart.contains(name)) {
                kept.put(name, value);
            }
        });
        return md5(canonicalForm(kept));
    }

    /**
     * {@code op-secure-digest}: the digest without the private parameters (those in {@code op-secure-params},
     * e.g. passwords, which {@code cibsecret} may keep out of the CIB), without Pacemaker's own {@code pcmk_*}
     * fencing parameters and without any meta attribute, the timeout included.
     */
    public static String secure(Map<String, String> params, Collection<String> secureParams) {
        TreeMap<String, String> kept = new TreeMap<>(OpDigest::compareBytes);
        params.forEach((name, value) -> {
            if (!secureParams.contains(name) && !name.startsWith("pcmk_") && !name.startsWith("CRM_meta_")
                    && !name.equals("crm_feature_set")) {
                kept.put(name, value);
            }
        });
        return md5(canonicalForm(kept));
    }

    /** Parses Pacemaker's space-separated name lists ({@code " state "}, {@code "  passwd  password "}). */
    public static Set<String> nameList(String attribute) {
        Set<String> names = new TreeSet<>();
        if (attribute != null) {
            for (String name : attribute.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Writes a name list the way recent Pacemaker does ({@code "  envfile op_sleep state  "}), sorted. */
    public static String nameListAttribute(Collection<String> names) {
        return "  " + String.join(" ", new TreeSet<>(names)) + "  ";
    }

    /** The exact text that is hashed: {@code " <parameters NAME=\"VALUE\" .../>\n"} of already sorted parameters. */
    public static String canonicalForm(Map<String, String> sortedParams) {
        StringBuilder out = new StringBuilder(" <parameters");
        sortedParams.forEach((name, value) -> {
            out.append(' ').append(name).append("=\"");
            escape(value, out);
            out.append('"');
        });
        return out.append("/>\n").toString();
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("    ");
                default -> out.append(c);
            }
        }
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}
