package org.pacer.cib.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.pacer.cib.CibException;
import org.pacer.cib.XmlElement;

/** Small readers shared by the model's factories: numbers and booleans with positioned errors. */
final class ModelReading {
    private ModelReading() {
    }

    static long longAttr(XmlElement element, String attribute, long fallback) {
        String value = element.attr(attribute);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new CibException(element.position() + ": <" + element.name() + " id=\"" + element.id() + "\"> "
                    + attribute + "=\"" + value + "\" is not a whole number");
        }
    }

    static int intAttr(XmlElement element, String attribute, int fallback) {
        long value = longAttr(element, attribute, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new CibException(element.position() + ": <" + element.name() + " id=\"" + element.id() + "\"> "
                    + attribute + "=\"" + value + "\" is out of range");
        }
        return (int) value;
    }

    /** Pacemaker's boolean spellings; null when absent. */
    static Boolean boolAttr(XmlElement element, String attribute) {
        String value = element.attr(attribute);
        return value == null ? null : parseBoolean(value);
    }

    /** true/yes/on/y/1 are true, everything else false, as Pacemaker reads booleans. */
    static boolean parseBoolean(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "y", "1" -> true;
            default -> false;
        };
    }

    static <T> List<T> each(XmlElement parent, String childName, Function<XmlElement, T> reader) {
        List<T> read = new ArrayList<>();
        if (parent != null) {
            for (XmlElement child : parent.children(childName)) {
                read.add(reader.apply(child));
            }
        }
        return List.copyOf(read);
    }
}
