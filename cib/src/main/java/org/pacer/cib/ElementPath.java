package org.pacer.cib;

import java.util.ArrayList;
import java.util.List;

/**
 * The address of one element in a patch, in the XPath subset Pacemaker's patches use:
 * {@code /cib/configuration/resources/primitive[@id='db']}. A step is an element name, optionally an id
 * predicate, optionally a 1-based position among the siblings the step matches ({@code op[2]},
 * {@code x[@id='d'][2]}); without a position the first match is meant, as in Pacemaker.
 */
public record ElementPath(List<Step> steps) {
    /** One step: the element's name, its id or null, and its 1-based position among matches (1 = first). */
    public record Step(String name, String id, int position) {
        public Step {
            if (name.isEmpty() || position < 1) {
                throw new IllegalArgumentException("bad path step: " + name + " " + position);
            }
        }

        boolean matches(XmlElement element) {
            return element.name().equals(name) && (id == null || id.equals(element.id()));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name);
            if (id != null) {
                char quote = id.indexOf('\'') < 0 ? '\'' : '"';
                text.append("[@id=").append(quote).append(id).append(quote).append(']');
            }
            if (position > 1) {
                text.append('[').append(position).append(']');
            }
            return text.toString();
        }
    }

    public ElementPath {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a path has at least one step");
        }
    }

    /** The step that names {@code element} unambiguously among {@code siblings} (which contain it). */
    static Step stepFor(List<XmlElement> siblings, int index) {
        XmlElement element = siblings.get(index);
        String id = element.id();
        boolean idQuotable = id != null && (id.indexOf('\'') < 0 || id.indexOf('"') < 0);
        Step probe = new Step(element.name(), idQuotable ? id : null, 1);
        int position = 0;
        for (int i = 0; i <= index; i++) {
            if (probe.matches(siblings.get(i))) {
                position++;
            }
        }
        return new Step(element.name(), probe.id(), position);
    }

    /** Reads a path as written by {@link #toString()} or by Pacemaker; a bad path is a CibException. */
    public static ElementPath parse(String text) {
        List<Step> steps = new ArrayList<>();
        int at = 0;
        int length = text.length();
        while (at < length) {
            if (text.charAt(at) != '/') {
                throw bad(text, "expected '/' at offset " + at);
            }
            at++;
            int nameStart = at;
            while (at < length && text.charAt(at) != '/' && text.charAt(at) != '[') {
                at++;
            }
            String name = text.substring(nameStart, at);
            if (name.isEmpty()) {
                throw bad(text, "empty element name at offset " + nameStart);
            }
            String id = null;
            int position = 1;
            while (at < length && text.charAt(at) == '[') {
                int close;
                if (text.startsWith("[@id=", at)) {
                    int quoteAt = at + 5;
                    if (quoteAt >= length || (text.charAt(quoteAt) != '\'' && text.charAt(quoteAt) != '"')) {
                        throw bad(text, "expected a quoted id at offset " + quoteAt);
                    }
                    char quote = text.charAt(quoteAt);
                    int end = text.indexOf(quote, quoteAt + 1);
                    if (end < 0 || end + 1 >= length || text.charAt(end + 1) != ']') {
                        throw bad(text, "unterminated id predicate at offset " + at);
                    }
                    id = text.substring(quoteAt + 1, end);
                    close = end + 1;
                } else {
                    close = text.indexOf(']', at);
                    if (close < 0) {
                        throw bad(text, "unterminated predicate at offset " + at);
                    }
                    try {
                        position = Integer.parseInt(text.substring(at + 1, close));
                    } catch (NumberFormatException e) {
                        throw bad(text, "unsupported predicate '" + text.substring(at, close + 1) + "'");
                    }
                    if (position < 1) {
                        throw bad(text, "positions start at 1");
                    }
                }
                at = close + 1;
            }
            steps.add(new Step(name, id, position));
        }
        if (steps.isEmpty()) {
            throw bad(text, "empty path");
        }
        return new ElementPath(steps);
    }

    private static CibException bad(String text, String why) {
        return new CibException("bad element path \"" + text + "\": " + why);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Step step : steps) {
            text.append('/').append(step);
        }
        return text.toString();
    }
}
