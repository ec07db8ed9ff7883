package org.pacer.cib.model;

import java.util.Arrays;
import java.util.List;

import org.pacer.cib.XmlElement;

/**
 * A {@code <fencing-level>}: for the nodes it targets (by name, pattern or attribute), the devices to try
 * together at this index; lower indexes are tried first.
 */
public record FencingLevel(String id, int index, String target, String targetPattern, String targetAttribute,
                           String targetValue, List<String> devices, XmlElement source) {
    public static FencingLevel from(XmlElement e) {
        String devices = e.attr("devices", "");
        return new FencingLevel(e.id(), ModelReading.intAttr(e, "index", 0), e.attr("target"),
                e.attr("target-pattern"), e.attr("target-attribute"), e.attr("target-value"),
                Arrays.stream(devices.split(",")).map(String::strip).filter(d -> !d.isEmpty()).toList(), e);
    }
}
