package org.pacer.cib.model;

import java.util.List;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/** An {@code <alert>}: an agent path called on cluster events, with its recipients and event selection. */
public record Alert(String id, String path, String description, List<NvSet> meta, List<NvSet> instance,
                    List<Recipient> recipients, Optional<XmlElement> select, XmlElement source) {
    /** A {@code <recipient>} of an alert, with its own attribute sets. */
    public record Recipient(String id, String value, List<NvSet> meta, List<NvSet> instance, XmlElement source) {
        static Recipient from(XmlElement e) {
            return new Recipient(e.id(), e.attr("value"), NvSet.under(e, "meta_attributes"),
                    NvSet.under(e, "instance_attributes"), e);
        }
    }

    public static Alert from(XmlElement e) {
        return new Alert(e.id(), e.attr("path"), e.attr("description"), NvSet.under(e, "meta_attributes"),
                NvSet.under(e, "instance_attributes"), ModelReading.each(e, "recipient", Recipient::from),
                e.child("select"), e);
    }
}
