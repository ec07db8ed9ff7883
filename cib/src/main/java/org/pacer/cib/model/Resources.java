package org.pacer.cib.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.pacer.cib.XmlElement;

/** Reads the children of {@code <resources>}: resources in order, and templates apart. */
final class Resources {
    private Resources() {
    }

    static Optional<Resource> read(XmlElement element) {
        return switch (element.name()) {
            case "primitive" -> Optional.of(Resource.Primitive.from(element));
            case "group" -> Optional.of(Resource.Group.from(element));
            case "clone", "master" -> Optional.of(Resource.Clone.from(element));
            case "bundle" -> Optional.of(Resource.Bundle.from(element));
            default -> Optional.empty();
        };
    }

    static List<Resource> all(XmlElement resources) {
        List<Resource> read = new ArrayList<>();
        if (resources != null) {
            for (XmlElement child : resources.children()) {
                read(child).ifPresent(read::add);
            }
        }
        return List.copyOf(read);
    }

    static List<Resource.Primitive> templates(XmlElement resources) {
        return ModelReading.each(resources, "template", Resource.Primitive::from);
    }
}
