package org.pacer.cib;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link CibStoreCrashTest}: continues from the version in the store and saves version
 * after version until it is killed, printing "saved EPOCH" after each save returns.
 */
public final class CibStoreCrashChild {
    private CibStoreCrashChild() {
    }

    public static void main(String[] args) {
        CibStore store = new CibStore(Path.of(args[0]), Integer.parseInt(args[1]));
        long epoch = store.load().map(cib -> CibVersion.of(cib).epoch()).orElse(0L);
        while (true) {
            epoch++;
            store.save(content(epoch));
            System.out.println("saved " + epoch);
            System.out.flush();
        }
    }

    /** The CIB written at {@code epoch}: its size varies with the epoch so that files shrink and grow. */
    static XmlElement content(long epoch) {
        List<XmlElement> primitives = new ArrayList<>();
        int count = 100 + (int) (epoch * 37 % 400);
        for (int i = 0; i < count; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("id", "r" + i);
            attributes.put("class", "ocf");
            attributes.put("provider", "pacemaker");
            attributes.put("type", "Dummy");
            XmlElement nvpair = XmlElement.of("nvpair", Map.of("id", "r" + i + "-e", "name", "epoch",
                    "value", Long.toString(epoch)));
            primitives.add(XmlElement.of("primitive", attributes, List.of(
                    XmlElement.of("instance_attributes", Map.of("id", "r" + i + "-ia"), List.of(nvpair)))));
        }
        XmlElement configuration = XmlElement.of("configuration", Map.of(), List.of(
                XmlElement.of("crm_config", Map.of()), XmlElement.of("nodes", Map.of()),
                XmlElement.of("resources", Map.of(), primitives), XmlElement.of("constraints", Map.of())));
        return new CibVersion(0, epoch, 0).applyTo(XmlElement.of("cib",
                Map.of("validate-with", "pacemaker-3.0"), List.of(configuration, XmlElement.of("status", Map.of()))));
    }
}
