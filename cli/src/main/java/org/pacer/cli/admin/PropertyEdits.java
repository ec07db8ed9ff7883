package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.pacer.cib.XmlElement;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * Cluster options ({@code crm_config}) as pure CIB edits, checked against {@link ClusterOption#ALL}:
 * values are set in the {@code cib-bootstrap-options} set, where pcs and crm_attribute put them.
 */
public final class PropertyEdits {
    public static final String BOOTSTRAP = "cib-bootstrap-options";
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "1", "0");

    private PropertyEdits() {
    }

    /** Pacemaker's booleans: true/false, yes/no, on/off, y/n, 1/0 (case-insensitive). */
    public static boolean isBoolean(String value) {
        return BOOLEANS.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The CIB with the options set; unknown names are refused unless {@code force}. */
    public static XmlElement set(XmlElement cib, Map<String, String> values, boolean force) {
        Map<String, String> change = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            ClusterOption option = ClusterOption.named(name).orElse(null);
            if (option == null && !force) {
                throw new CommandFailure(ExitCode.USAGE, "unknown cluster option '" + name + "'"
                        + suggestion(name) + " (pacer property show --all lists them; --force sets it anyway)");
            }
            if (option != null && option.setByCluster() && !force) {
                throw new CommandFailure(ExitCode.REFUSED, name + " is maintained by the cluster itself; it is not set"
                        + " by hand (--force to override)");
            }
            if (option != null) {
                option.problem(value).ifPresent(p -> {
                    throw new CommandFailure(ExitCode.USAGE, name + "=" + value + ": " + p);
                });
            }
            change.put(name, value);
        });
        return withOptions(cib, change);
    }

    /** The CIB without the option; not found when it is not set. */
    public static XmlElement unset(XmlElement cib, String name) {
        if (!current(cib).containsKey(name)) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "cluster option '" + name + "' is not set");
        }
        XmlElement config = ConfigTree.section(cib, "crm_config");
        List<XmlElement> sets = new ArrayList<>();
        for (XmlElement set : config.children()) {
            if (set.name().equals("cluster_property_set")) {
                XmlElement pruned = set.withoutChildren(p -> p.name().equals("nvpair") && name.equals(p.attr("name")));
                if (!pruned.children().isEmpty() || set.children().isEmpty()) {
                    sets.add(pruned);
                }
            } else {
                sets.add(set);
            }
        }
        return ConfigTree.withSection(cib, config.withChildren(sets));
    }

    /** The options set in the CIB (first value wins, as without rules), in document order. */
    public static Map<String, String> current(XmlElement cib) {
        return ConfigTree.pairs(ConfigTree.section(cib, "crm_config"), "cluster_property_set");
    }

    private static XmlElement withOptions(XmlElement cib, Map<String, String> change) {
        XmlElement config = ConfigTree.section(cib, "crm_config");
        List<XmlElement> sets = new ArrayList<>(config.children());
        // An option already set in another set is changed where it is, so the old value cannot win.
        Map<String, String> rest = new LinkedHashMap<>(change);
        for (int i = 0; i < sets.size(); i++) {
            XmlElement set = sets.get(i);
            if (!set.name().equals("cluster_property_set")) {
                continue;
            }
            Map<String, String> here = new LinkedHashMap<>();
            for (XmlElement pair : set.children("nvpair")) {
                String name = pair.attr("name");
                if (rest.containsKey(name)) {
                    here.put(name, rest.remove(name));
                }
            }
            if (!here.isEmpty()) {
                XmlElement holder = XmlElement.of("holder", Map.of("id", "holder"), List.of(set));
                sets.set(i, ConfigTree.withPairs(holder, "cluster_property_set", here, ConfigTree.ids(cib))
                        .children().get(0));
            }
        }
        if (!rest.isEmpty()) {
            int bootstrap = -1;
            for (int i = 0; i < sets.size(); i++) {
                if (BOOTSTRAP.equals(sets.get(i).id())) {
                    bootstrap = i;
                }
            }
            XmlElement set = bootstrap >= 0 ? sets.get(bootstrap)
                    : XmlElement.of("cluster_property_set", Map.of("id", ConfigTree.freshId(cib, BOOTSTRAP)));
            XmlElement holder = XmlElement.of("holder", Map.of("id", "holder"), List.of(set));
            XmlElement updated = ConfigTree.withPairs(holder, "cluster_property_set", rest, ConfigTree.ids(cib))
                    .children().get(0);
            if (bootstrap >= 0) {
                sets.set(bootstrap, updated);
            } else {
                sets.add(0, updated);
            }
        }
        return ConfigTree.withSection(cib, config.withChildren(sets));
    }

    private static String suggestion(String name) {
        String best = null;
        int bestDistance = 4;
        for (String known : ClusterOption.ALL.keySet()) {
            int d = distance(name, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }
}
