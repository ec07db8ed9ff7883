package org.pacer.fencing;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Pacemaker's host lists and host maps. A list separates names by spaces, commas or semicolons. A map
 * ({@code node1:1;node2:2,3}) separates entries by semicolons or spaces and a name from its value by
 * {@code :} or {@code =}; the value runs to the next unescaped separator, so {@code 2,3} is one value (two
 * plugs, for the agent to split), and a backslash keeps the next character, e.g. a space, in the value.
 */
final class HostLists {
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[\\s,;]+");

    private HostLists() {
    }

    static List<String> parseList(String value) {
        return Arrays.stream(LIST_SEPARATORS.split(value.strip())).filter(s -> !s.isEmpty()).toList();
    }

    static Map<String, String> parseMap(String value, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isEntrySeparator(value.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != ':' && value.charAt(i) != '=' && !isEntrySeparator(value.charAt(i))) {
                i++;
            }
            String name = value.substring(nameStart, i);
            if (i == n || isEntrySeparator(value.charAt(i))) {
                throw new FencingException(what + ": entry \"" + name + "\" in \"" + value
                        + "\" has no value (write name:value)");
            }
            i++;
            while (i < n && value.charAt(i) == ' ') {
                i++;
            }
            StringBuilder port = new StringBuilder();
            while (i < n && !isEntrySeparator(value.charAt(i))) {
                char c = value.charAt(i++);
                if (c == '\\' && i < n) {
                    c = value.charAt(i++);
                }
                port.append(c);
            }
            if (name.isEmpty() || port.length() == 0) {
                throw new FencingException(what + ": entry \"" + name + "\" in \"" + value
                        + "\" needs both a node name and a value");
            }
            map.putIfAbsent(name, port.toString());
        }
        return Collections.unmodifiableMap(map);
    }

    private static boolean isEntrySeparator(char c) {
        return c == ';' || Character.isWhitespace(c);
    }
}
