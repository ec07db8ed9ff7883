package org.pacer.cib;

import java.util.Map;

/**
 * Writes {@link XmlElement} trees as indented XML. Attribute order is kept; characters that would change
 * meaning when read back (markup, quotes, line breaks and tabs in attributes) are escaped.
 */
public final class XmlWriter {
    private XmlWriter() {
    }

    /** The element and its descendants, indented by two spaces, ending in a newline. */
    public static String toXml(XmlElement element) {
        StringBuilder out = new StringBuilder();
        write(element, 0, out);
        return out.toString();
    }

    /** A whole document: the XML declaration, then the element. */
    public static String toDocument(XmlElement element) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + toXml(element);
    }

    /** The element on one line, without indentation: for digests and compact messages. */
    public static String toCompactXml(XmlElement element) {
        StringBuilder out = new StringBuilder();
        writeCompact(element, out);
        return out.toString();
    }

    private static void write(XmlElement element, int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
        startTag(element, out);
        if (element.children().isEmpty() && element.text() == null) {
            out.append("/>\n");
            return;
        }
        out.append('>');
        if (element.children().isEmpty()) {
            escapeText(element.text(), out);
        } else {
            out.append('\n');
            if (element.text() != null) {
                out.append("  ".repeat(depth + 1));
                escapeText(element.text(), out);
                out.append('\n');
            }
            for (XmlElement child : element.children()) {
                write(child, depth + 1, out);
            }
            out.append("  ".repeat(depth));
        }
        out.append("</").append(element.name()).append(">\n");
    }

    private static void writeCompact(XmlElement element, StringBuilder out) {
        startTag(element, out);
        if (element.children().isEmpty() && element.text() == null) {
            out.append("/>");
            return;
        }
        out.append('>');
        if (element.text() != null) {
            escapeText(element.text(), out);
        }
        for (XmlElement child : element.children()) {
            writeCompact(child, out);
        }
        out.append("</").append(element.name()).append('>');
    }

    private static void startTag(XmlElement element, StringBuilder out) {
        out.append('<').append(element.name());
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append("=\"");
            escapeAttribute(attribute.getValue(), out);
            out.append('"');
        }
    }

    static void escapeAttribute(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }

    static void escapeText(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
    }
}
