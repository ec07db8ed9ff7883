package org.pacer.cluster;

import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/** Ships the whole new CIB with every write: simple and always right, but sized by the CIB, not the change. */
public final class FullCopyChange implements CibChangeCodec {
    @Override
    public String encode(XmlElement from, XmlElement to) {
        return XmlWriter.toCompactXml(to);
    }

    @Override
    public XmlElement apply(XmlElement base, String change) {
        return new XmlParser().parse(change, "replicated change");
    }
}
