package org.pacer.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;

/**
 * The child JVM of {@link StoredCibCrashTest}: continues from the version in the store and saves version
 * after version through the journal until it is killed, printing "saved EPOCH" after each save returns.
 */
public final class StoredCibCrashChild {
    private StoredCibCrashChild() {
    }

    public static void main(String[] args) {
        StoredCib store = new StoredCib(Path.of(args[0]), Integer.parseInt(args[1]));
        long epoch = store.load().map(cib -> CibVersion.of(cib).epoch()).orElse(0L);
        while (true) {
            epoch++;
            store.save(content(epoch));
            System.out.println("saved " + epoch);
            System.out.flush();
        }
    }

    /**
     * The CIB at {@code epoch}: each version changes one resource's attribute, adds or removes resources, so
     * consecutive versions differ by small patches of every kind (create, modify, delete).
     */
    static XmlElement content(long epoch) {
        List<XmlElement> primitives = new ArrayList<>();
        int count = 20 + (int) (epoch * 7 % 13);
        for (int i = 0; i < count; i++) {
            String value = i == epoch % count ? "changed-" + epoch : "steady";
            primitives.add(XmlElement.of("primitive", Map.of("id", "r" + i, "class", "ocf", "provider", "pacemaker",
                    "type", "Dummy", "description", value)));
        }
        XmlElement configuration = XmlElement.of("configuration", Map.of(), List.of(
                XmlElement.of("crm_config", Map.of()), XmlElement.of("nodes", Map.of()),
                XmlElement.of("resources", Map.of(), primitives), XmlElement.of("constraints", Map.of())));
        return new CibVersion(0, epoch, 0).applyTo(XmlElement.of("cib",
                Map.of("validate-with", "pacemaker-3.9"), List.of(configuration, XmlElement.of("status", Map.of()))));
    }
}
