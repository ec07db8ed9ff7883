package org.pacer.fencing;

import java.util.Locale;

/**
 * How Pacer learns which nodes a fence device can fence ({@code pcmk_host_check}): from its configured host
 * list or map, from the agent's {@code list} action, by asking the agent's {@code status} for the node, or
 * assuming it can fence any node.
 */
public enum HostCheck {
    STATIC_LIST("static-list"), DYNAMIC_LIST("dynamic-list"), STATUS("status"), NONE("none");

    private final String text;

    HostCheck(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    static HostCheck parse(String value, String what) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (HostCheck check : values()) {
            if (check.text.equals(wanted)) {
                return check;
            }
        }
        throw new FencingException(what + ": \"" + value
                + "\" is not a host check (use static-list, dynamic-list, status or none)");
    }
}
