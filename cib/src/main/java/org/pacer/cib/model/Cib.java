package org.pacer.cib.model;

import java.nio.file.Path;

import org.pacer.cib.CibException;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * A whole CIB: its version, configuration and status, read from (and equal exactly when) its XML tree.
 * The tree is the source of truth; {@link #xml()} writes it back without loss.
 */
public record Cib(XmlElement xml, CibVersion version, Configuration configuration, Status status) {
    /** Reads the typed model of a {@code <cib>} element. */
    public static Cib of(XmlElement root) {
        if (!root.name().equals("cib")) {
            throw new CibException(root.position() + ": the root element is <" + root.name()
                    + ">, a CIB's is <cib>");
        }
        return new Cib(root, CibVersion.of(root),
                root.child("configuration").map(Configuration::from).orElse(Configuration.EMPTY),
                root.child("status").map(Status::from).orElse(Status.EMPTY));
    }

    public static Cib parse(Path file) {
        return of(new XmlParser().parse(file));
    }

    public static Cib parse(String xml, String source) {
        return of(new XmlParser().parse(xml, source));
    }

    /** The {@code validate-with} schema name, e.g. {@code pacemaker-3.7}, or null. */
    public String validateWith() {
        return xml.attr("validate-with");
    }

    /** The {@code have-quorum} attribute as Pacemaker reads it (absent means false). */
    public boolean haveQuorum() {
        String value = xml.attr("have-quorum");
        return value != null && ModelReading.parseBoolean(value);
    }

    /** The node id of the Designated Coordinator recorded in the CIB, or null. */
    public String dcUuid() {
        return xml.attr("dc-uuid");
    }

    public String toXml() {
        return XmlWriter.toDocument(xml);
    }
}
