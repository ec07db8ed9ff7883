package org.pacer.cib.model;

import java.util.List;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * A set of name/value pairs: {@code meta_attributes}, {@code instance_attributes}, {@code utilization},
 * {@code cluster_property_set} and the like. A set applies when its rule (if any) holds; sets are
 * considered in decreasing {@code score}, and a set may stand for another one through {@code idRef}.
 */
public record NvSet(String kind, String id, String idRef, String score, Optional<Rule> rule, List<NvPair> pairs,
                    XmlElement source) {
    public static NvSet from(XmlElement element) {
        return new NvSet(element.name(), element.id(), element.attr("id-ref"), element.attr("score"),
                element.child("rule").map(Rule::from),
                ModelReading.each(element, "nvpair", NvPair::from), element);
    }

    /** The sets of one kind directly under {@code parent}, in document order. */
    public static List<NvSet> under(XmlElement parent, String kind) {
        return ModelReading.each(parent, kind, NvSet::from);
    }

    /** The value of the first pair with this name in this set, ignoring rules. */
    public Optional<String> value(String name) {
        for (NvPair pair : pairs) {
            if (name.equals(pair.name())) {
                return Optional.ofNullable(pair.value());
            }
        }
        return Optional.empty();
    }
}
