package org.pacer.cluster;

import org.pacer.cib.XmlElement;

/**
 * How a committed write travels from the DC to the members: {@link #encode} describes the step from one
 * CIB to the next, {@link #apply} replays it on a member's copy, which must equal {@code from}.
 */
public interface CibChangeCodec {
    String encode(XmlElement from, XmlElement to);

    XmlElement apply(XmlElement base, String change);
}
