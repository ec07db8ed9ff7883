package org.pacer.cib.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * A configured resource: a primitive, a group of primitives, a clone (possibly promotable) of a primitive
 * or group, or a bundle of containers. All have an id, meta attributes and their source element.
 */
public sealed interface Resource permits Resource.Primitive, Resource.Group, Resource.Clone, Resource.Bundle {
    String id();

    List<NvSet> meta();

    XmlElement source();

    /** This resource and every resource inside it, depth first. */
    default List<Resource> selfAndDescendants() {
        List<Resource> all = new ArrayList<>();
        collect(this, all);
        return all;
    }

    private static void collect(Resource resource, List<Resource> into) {
        into.add(resource);
        if (resource instanceof Group group) {
            group.members().forEach(member -> collect(member, into));
        } else if (resource instanceof Clone clone && clone.child() != null) {
            collect(clone.child(), into);
        } else if (resource instanceof Bundle bundle) {
            bundle.primitive().ifPresent(p -> collect(p, into));
        }
    }

    /**
     * A {@code <primitive>} (or, with {@code template} true, a {@code <template>}): one agent instance.
     * {@code templateRef} names the template it inherits class, type, attributes and operations from.
     */
    record Primitive(String id, String agentClass, String provider, String type, String templateRef,
                     String description, List<NvSet> meta, List<NvSet> instance, List<NvSet> utilization,
                     List<Operation> operations, boolean template, XmlElement source) implements Resource {
        public static Primitive from(XmlElement element) {
            return new Primitive(element.id(), element.attr("class"), element.attr("provider"),
                    element.attr("type"), element.attr("template"), element.attr("description"),
                    NvSet.under(element, "meta_attributes"), NvSet.under(element, "instance_attributes"),
                    NvSet.under(element, "utilization"), Operation.under(element),
                    element.name().equals("template"), element);
        }

        /** {@code class:provider:type} or {@code class:type}, as Pacemaker prints an agent. */
        public String agent() {
            return provider == null ? agentClass + ":" + type : agentClass + ":" + provider + ":" + type;
        }
    }

    /** A {@code <group>}: primitives started in order and kept together. */
    record Group(String id, String description, List<NvSet> meta, List<NvSet> instance, List<Primitive> members,
                 XmlElement source) implements Resource {
        public static Group from(XmlElement element) {
            return new Group(element.id(), element.attr("description"), NvSet.under(element, "meta_attributes"),
                    NvSet.under(element, "instance_attributes"),
                    ModelReading.each(element, "primitive", Primitive::from), element);
        }
    }

    /**
     * A {@code <clone>} or legacy {@code <master>}: copies of a primitive or group. {@code legacyMaster} is
     * true for {@code <master>}, which is always promotable; a clone is promotable through its
     * {@code promotable} meta attribute.
     */
    record Clone(String id, String description, List<NvSet> meta, List<NvSet> instance, Resource child,
                 boolean legacyMaster, XmlElement source) implements Resource {
        public static Clone from(XmlElement element) {
            Resource child = null;
            for (XmlElement candidate : element.children()) {
                if (candidate.name().equals("primitive") || candidate.name().equals("group")) {
                    child = Resources.read(candidate).orElseThrow();
                    break;
                }
            }
            return new Clone(element.id(), element.attr("description"), NvSet.under(element, "meta_attributes"),
                    NvSet.under(element, "instance_attributes"), child, element.name().equals("master"), element);
        }
    }

    /**
     * A {@code <bundle>}: a container image run as {@code replicas}, with optional network and storage
     * mappings and an optional primitive run inside each container.
     */
    record Bundle(String id, String description, List<NvSet> meta, String containerKind, XmlElement container,
                  Optional<XmlElement> network, List<XmlElement> storageMappings, Optional<Primitive> primitive,
                  XmlElement source) implements Resource {
        public static Bundle from(XmlElement element) {
            XmlElement container = null;
            for (XmlElement candidate : element.children()) {
                if (List.of("docker", "rkt", "podman").contains(candidate.name())) {
                    container = candidate;
                    break;
                }
            }
            List<XmlElement> storage = element.child("storage")
                    .map(s -> s.children("storage-mapping")).orElse(List.of());
            return new Bundle(element.id(), element.attr("description"), NvSet.under(element, "meta_attributes"),
                    container == null ? null : container.name(), container, element.child("network"),
                    List.copyOf(storage), element.child("primitive").map(Primitive::from), element);
        }
    }
}
