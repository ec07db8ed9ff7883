package org.pacer.cib.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * The {@code <configuration>} section: cluster options, defaults, nodes, resources, constraints, fencing
 * topology, tags, ACLs and alerts. Resource templates are kept apart from resources.
 */
public record Configuration(List<NvSet> clusterOptions, List<NvSet> resourceDefaults, List<NvSet> operationDefaults,
                            List<Node> nodes, List<Resource> resources, List<Resource.Primitive> templates,
                            List<Constraint> constraints, List<FencingLevel> fencingTopology, List<Tag> tags,
                            Acls acls, List<Alert> alerts, XmlElement source) {
    public static final Configuration EMPTY = from(XmlElement.of("configuration", Map.of()));

    public static Configuration from(XmlElement e) {
        XmlElement resources = e.child("resources").orElse(null);
        return new Configuration(
                e.child("crm_config").map(c -> NvSet.under(c, "cluster_property_set")).orElse(List.of()),
                e.child("rsc_defaults").map(c -> NvSet.under(c, "meta_attributes")).orElse(List.of()),
                e.child("op_defaults").map(c -> NvSet.under(c, "meta_attributes")).orElse(List.of()),
                ModelReading.each(e.child("nodes").orElse(null), "node", Node::from),
                Resources.all(resources), Resources.templates(resources),
                Constraint.all(e.child("constraints").orElse(null)),
                ModelReading.each(e.child("fencing-topology").orElse(null), "fencing-level", FencingLevel::from),
                ModelReading.each(e.child("tags").orElse(null), "tag", Tag::from),
                Acls.from(e.child("acls").orElse(null)),
                ModelReading.each(e.child("alerts").orElse(null), "alert", Alert::from), e);
    }

    /** Every resource at every depth (groups' members, clones' children, bundles' primitives), by id. */
    public Map<String, Resource> resourcesById() {
        Map<String, Resource> byId = new HashMap<>();
        for (Resource top : resources) {
            for (Resource r : top.selfAndDescendants()) {
                byId.putIfAbsent(r.id(), r);
            }
        }
        return byId;
    }

    public Optional<Resource> resource(String id) {
        return Optional.ofNullable(resourcesById().get(id));
    }

    public Optional<Node> node(String uname) {
        return nodes.stream().filter(n -> uname.equals(n.uname())).findFirst();
    }
}
