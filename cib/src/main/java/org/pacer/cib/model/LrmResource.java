package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/** The operation history ({@code <lrm_resource>}) of one resource on one node, in recorded order. */
public record LrmResource(String id, String agentClass, String provider, String type, String container,
                          List<LrmOperation> operations, XmlElement source) {
    public static LrmResource from(XmlElement e) {
        return new LrmResource(e.id(), e.attr("class"), e.attr("provider"), e.attr("type"), e.attr("container"),
                ModelReading.each(e, "lrm_rsc_op", LrmOperation::from), e);
    }
}
