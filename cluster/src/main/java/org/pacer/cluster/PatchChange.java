package org.pacer.cluster;

import org.pacer.cib.CibDiff;
import org.pacer.cib.CibPatch;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * Ships each write as a v2 patchset ({@link CibDiff}/{@link CibPatch}), so a commit's size follows the
 * change; a member refuses a patch whose source version is not its copy's version.
 */
public final class PatchChange implements CibChangeCodec {
    @Override
    public String encode(XmlElement from, XmlElement to) {
        return XmlWriter.toCompactXml(CibDiff.between(from, to).toXml());
    }

    @Override
    public XmlElement apply(XmlElement base, String change) {
        return CibPatch.fromXml(new XmlParser().parse(change, "replicated patch")).applyTo(base);
    }
}
