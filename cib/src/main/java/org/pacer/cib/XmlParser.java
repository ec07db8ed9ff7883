package org.pacer.cib;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML into {@link XmlElement} trees, safely: a document type declaration, entity references and
 * documents larger than the configured limit are refused; malformed input is reported as
 * {@code file:line:column: cause} in one line. Comments and processing instructions are not kept;
 * whitespace-only text is not kept.
 */
public final class XmlParser {
    /** The default upper bound on a document's size: far above any real CIB, far below a memory hazard. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private final long maxBytes;

    public XmlParser(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public XmlParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Parses a file; the file name appears in every error. */
    public XmlElement parse(Path file) {
        String source = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new CibException(source + ": no such file");
        } catch (IOException e) {
            throw new CibException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (size > maxBytes) {
            throw tooLarge(source, size);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)), source);
        } catch (IOException e) {
            throw new CibException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    public XmlElement parse(String xml, String source) {
        return parse(xml.getBytes(StandardCharsets.UTF_8), source);
    }

    public XmlElement parse(byte[] bytes, String source) {
        if (bytes.length > maxBytes) {
            throw tooLarge(source, bytes.length);
        }
        XMLStreamReader reader = null;
        try {
            reader = factory().createXMLStreamReader(new ByteArrayInputStream(bytes));
            return read(reader, source);
        } catch (XMLStreamException e) {
            Location at = e.getLocation();
            throw new CibException(position(source, at) + ": malformed XML: " + cause(e));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Nothing was written; closing a reader of a byte array cannot lose anything.
                }
            }
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation, without the service look-up through every jar that newFactory() does.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** An element whose end tag is still to come; children and text are allocated only when there are some. */
    private static final class Open {
        final String name;
        final Attributes attributes;
        final SourcePosition position;
        List<XmlElement> children;
        StringBuilder text;

        Open(String name, Attributes attributes, SourcePosition position) {
            this.name = name;
            this.attributes = attributes;
            this.position = position;
        }

        XmlElement close() {
            String own = text == null ? null : text.toString().strip();
            return XmlElement.parsed(name, attributes, children == null ? List.of() : List.copyOf(children),
                    own == null || own.isEmpty() ? null : own, position);
        }
    }

    /**
     * Values longer than this are not shared: short ones (scores, operation names, rc codes, digests, node names)
     * repeat across thousands of history entries, long ones (transition keys and magic) hardly ever do.
     */
    private static final int SHARED_VALUE_MAX_LENGTH = 32;
    /**
     * Shared values live in a fixed table indexed by hash, a newcomer replacing whatever held its slot: it costs a
     * hash and a comparison per value, never grows, and still finds nearly every repeat (a hash map cost a tenth of
     * the parse in its insertions).
     */
    private static final int SHARED_SLOTS = 4096;

    private XmlElement read(XMLStreamReader reader, String source) throws XMLStreamException {
        Deque<Open> open = new ArrayDeque<>();
        String[] shared = new String[SHARED_SLOTS];
        XmlElement root = null;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new CibException(position(source, reader.getLocation())
                        + ": document type declarations (DTDs) are not allowed in a CIB");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new CibException(
                        position(source, reader.getLocation()) + ": entity reference '&" + reader.getLocalName()
                                + ";' is not allowed (only the predefined XML entities are)");
                case XMLStreamConstants.START_ELEMENT -> {
                    Location at = reader.getLocation();
                    open.push(new Open(qualified(reader.getPrefix(), reader.getLocalName()),
                            attributes(reader, shared),
                            new SourcePosition(source, at.getLineNumber(), at.getColumnNumber())));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    Open current = open.peek();
                    // Leading whitespace is stripped anyway: the indentation between elements costs nothing.
                    if (current != null && (current.text != null || !reader.isWhiteSpace())) {
                        if (current.text == null) {
                            current.text = new StringBuilder();
                        }
                        current.text.append(reader.getTextCharacters(), reader.getTextStart(),
                                reader.getTextLength());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement element = open.pop().close();
                    Open parent = open.peek();
                    if (parent == null) {
                        root = element;
                    } else {
                        if (parent.children == null) {
                            parent.children = new ArrayList<>();
                        }
                        parent.children.add(element);
                    }
                }
                default -> {
                    // Comments, processing instructions and the document's end carry nothing we keep.
                }
            }
        }
        if (root == null) {
            throw new CibException(source + ": empty document: no root element");
        }
        return root;
    }

    /** The element's attributes; names come interned from the StAX reader, short values are shared. */
    private static Attributes attributes(XMLStreamReader reader, String[] shared) {
        int count = reader.getAttributeCount();
        if (count == 0) {
            return Attributes.EMPTY;
        }
        String[] pairs = new String[count * 2];
        for (int i = 0; i < count; i++) {
            pairs[2 * i] = qualified(reader.getAttributePrefix(i), reader.getAttributeLocalName(i));
            String value = reader.getAttributeValue(i);
            if (value.length() <= SHARED_VALUE_MAX_LENGTH) {
                int slot = value.hashCode() & (shared.length - 1);
                String known = shared[slot];
                if (value.equals(known)) {
                    value = known;
                } else {
                    shared[slot] = value;
                }
            }
            pairs[2 * i + 1] = value;
        }
        return new Attributes(pairs);
    }

    private static String qualified(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    private CibException tooLarge(String source, long size) {
        return new CibException(source + ": document is " + size + " bytes, over the limit of " + maxBytes
                + " bytes");
    }

    private static String position(String source, Location at) {
        String name = source == null ? "<input>" : source;
        if (at == null || at.getLineNumber() < 0) {
            return name;
        }
        return name + ":" + at.getLineNumber() + ":" + at.getColumnNumber();
    }

    /** The parser's own sentence, without the location prefix the JDK puts in front of it. */
    private static String cause(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int marker = message.indexOf("Message: ");
        if (marker >= 0) {
            message = message.substring(marker + "Message: ".length());
        }
        return message.replaceAll("\\s+", " ").strip();
    }
}
