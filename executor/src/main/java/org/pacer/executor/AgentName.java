package org.pacer.executor;

import java.util.regex.Pattern;

/**
 * A checked agent name: standard, provider (OCF only, else null) and type. Every part is a plain file
 * name, so a name can never point outside the agent directories: slashes, {@code ..}, leading dots and
 * control characters are refused when the name is made.
 */
public record AgentName(Standard standard, String provider, String type) {
    private static final Pattern SAFE_PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,127}");

    public AgentName {
        if (standard == null) {
            throw new ExecutorException("agent name has no class");
        }
        if (standard == Standard.OCF) {
            check("provider", provider);
        } else if (provider != null) {
            throw new ExecutorException("agent class " + standard.label() + " takes no provider (got '" + provider + "')");
        }
        check("type", type);
    }

    private static void check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new ExecutorException("agent name has no " + what);
        }
        if (!SAFE_PART.matcher(value).matches() || value.contains("..")) {
            throw new ExecutorException("agent " + what + " '" + printable(value)
                    + "' is not a plain name (letters, digits, _ . @ + -, no '/' or '..')");
        }
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? '?' : Character.toString(c)));
        return out.toString();
    }

    /** Parses {@code ocf:PROVIDER:TYPE} or {@code CLASS:TYPE}. */
    public static AgentName parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length == 3) {
            Standard standard = Standard.of(parts[0]);
            if (standard != Standard.OCF) {
                throw new ExecutorException("agent '" + printable(text) + "': only ocf agents have a provider");
            }
            return new AgentName(standard, parts[1], parts[2]);
        }
        if (parts.length == 2) {
            Standard standard = Standard.of(parts[0]);
            if (standard == Standard.OCF) {
                throw new ExecutorException("agent '" + printable(text) + "': ocf agents are named ocf:PROVIDER:TYPE");
            }
            return new AgentName(standard, null, parts[1]);
        }
        throw new ExecutorException("agent '" + printable(text) + "' is not CLASS:PROVIDER:TYPE or CLASS:TYPE");
    }

    @Override
    public String toString() {
        return provider == null ? standard.label() + ":" + type : standard.label() + ":" + provider + ":" + type;
    }
}
