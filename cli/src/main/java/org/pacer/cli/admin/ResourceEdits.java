package org.pacer.cli.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pacer.cib.XmlElement;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * The resource changes of {@code pacer resource ...} as pure functions from a CIB to a new CIB: create,
 * delete, update, meta attributes (enable, disable, manage, unmanage), and the {@code cli-prefer-} and
 * {@code cli-ban-} location constraints that move, ban and clear write, named as crm_resource names them.
 */
public final class ResourceEdits {
    private static final Set<String> ROLES = Set.of("Stopped", "Started", "Promoted", "Unpromoted", "Master", "Slave");
    private static final Set<String> BOOLEAN_META = Set.of("is-managed", "maintenance", "allow-migrate",
            "globally-unique", "promotable", "interleave", "ordered", "notify", "critical", "allow-unhealthy-nodes");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd' 'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private ResourceEdits() {
    }

    /** How a new resource is placed: alone, in a group (created when new), or in a clone. */
    public record Placement(String group, boolean cloned, boolean promotable) {
        public static final Placement ALONE = new Placement(null, false, false);
    }

    /**
     * The CIB with a new primitive {@code id} of agent {@code CLASS[:PROVIDER]:TYPE}; refused when the id is
     * taken or the placement is impossible. The agent's parameters are checked by the caller, who has the
     * meta-data.
     */
    public static XmlElement create(XmlElement cib, String id, String agent, ResourceSpec spec, Placement placement) {
        ConfigTree.requireNewId(cib, id);
        checkMeta(spec.meta());
        XmlElement primitive = primitive(cib, id, agent, spec);
        XmlElement resources = ConfigTree.section(cib, "resources");
        if (placement.group() != null && (placement.cloned() || placement.promotable())) {
            throw new CommandFailure(ExitCode.USAGE, "--group cannot be combined with --clone or --promotable;"
                    + " create the group, then clone it with pacer resource update");
        }
        if (placement.group() != null) {
            return intoGroup(cib, resources, primitive, placement.group());
        }
        XmlElement top = primitive;
        if (placement.cloned() || placement.promotable()) {
            String cloneId = id + "-clone";
            ConfigTree.requireNewId(cib, cloneId);
            List<XmlElement> children = new ArrayList<>();
            if (placement.promotable()) {
                children.add(XmlElement.of("meta_attributes", Map.of("id", cloneId + "-meta_attributes"), List.of(
                        XmlElement.of("nvpair", ordered("id", cloneId + "-meta_attributes-promotable",
                                "name", "promotable", "value", "true")))));
            }
            children.add(primitive);
            top = XmlElement.of("clone", Map.of("id", cloneId), children);
        }
        List<XmlElement> list = new ArrayList<>(resources.children());
        list.add(top);
        return ConfigTree.withSection(cib, resources.withChildren(list));
    }

    private static XmlElement intoGroup(XmlElement cib, XmlElement resources, XmlElement primitive, String group) {
        List<XmlElement> list = new ArrayList<>(resources.children());
        for (int i = 0; i < list.size(); i++) {
            XmlElement top = list.get(i);
            if (group.equals(top.id())) {
                if (!top.name().equals("group")) {
                    throw new CommandFailure(ExitCode.REFUSED, "'" + group + "' is a " + top.name() + ", not a group");
                }
                List<XmlElement> members = new ArrayList<>(top.children());
                members.add(primitive);
                list.set(i, top.withChildren(members));
                return ConfigTree.withSection(cib, resources.withChildren(list));
            }
        }
        if (ConfigTree.hasResource(cib, group)) {
            throw new CommandFailure(ExitCode.REFUSED, "'" + group + "' is not a top-level group (a group inside a"
                    + " clone is changed through its own id)");
        }
        ConfigTree.requireNewId(cib, group);
        list.add(XmlElement.of("group", Map.of("id", group), List.of(primitive)));
        return ConfigTree.withSection(cib, resources.withChildren(list));
    }

    private static XmlElement primitive(XmlElement cib, String id, String agent, ResourceSpec spec) {
        String[] parts = agent.split(":", -1);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", id);
        if (parts.length == 3 && parts[0].equals("ocf")) {
            attrs.put("class", "ocf");
            attrs.put("provider", parts[1]);
            attrs.put("type", parts[2]);
        } else if (parts.length == 2 && !parts[0].equals("ocf") && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            attrs.put("class", parts[0]);
            attrs.put("type", parts[1]);
        } else {
            throw new CommandFailure(ExitCode.USAGE, "agent '" + agent + "' is not ocf:PROVIDER:TYPE or CLASS:TYPE"
                    + " (e.g. ocf:pacer:Dummy, systemd:httpd, stonith:fence_pacer_kill)");
        }
        Set<String> taken = new HashSet<>(ConfigTree.ids(cib));
        taken.add(id);
        XmlElement primitive = XmlElement.of("primitive", attrs);
        return applySpec(primitive, spec, taken, false);
    }

    /** The resource with the spec's parameters, meta attributes and operations set (empty values remove). */
    static XmlElement applySpec(XmlElement resource, ResourceSpec spec, Set<String> taken, boolean emptyRemoves) {
        XmlElement result = resource;
        if (!spec.parameters().isEmpty()) {
            result = ConfigTree.withPairs(result, "instance_attributes", removals(spec.parameters(), emptyRemoves), taken);
            taken = idsOf(result, taken);
        }
        if (!spec.meta().isEmpty()) {
            result = ConfigTree.withPairs(result, "meta_attributes", removals(spec.meta(), emptyRemoves), taken);
            taken = idsOf(result, taken);
        }
        if (!spec.operations().isEmpty()) {
            result = withOperations(result, spec.operations(), taken);
        }
        return orderChildren(result);
    }

    /** Keeps Pacemaker's usual child order: sets first, then operations, for readable XML. */
    private static XmlElement orderChildren(XmlElement resource) {
        List<XmlElement> ordered = new ArrayList<>();
        for (String name : List.of("instance_attributes", "meta_attributes", "utilization", "operations")) {
            ordered.addAll(resource.children(name));
        }
        resource.children().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
        return resource.withChildren(ordered);
    }

    private static Set<String> idsOf(XmlElement element, Set<String> taken) {
        Set<String> all = new HashSet<>(taken);
        element.descendantsAndSelf().map(XmlElement::id).filter(java.util.Objects::nonNull).forEach(all::add);
        return all;
    }

    private static Map<String, String> removals(Map<String, String> values, boolean emptyRemoves) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, emptyRemoves && v.isEmpty() ? null : v));
        return out;
    }

    private static XmlElement withOperations(XmlElement resource, List<ResourceSpec.OpSpec> ops, Set<String> taken) {
        XmlElement operations = resource.child("operations").orElse(XmlElement.of("operations", Map.of()));
        List<XmlElement> list = new ArrayList<>(operations.children());
        Set<String> used = new HashSet<>(taken);
        for (ResourceSpec.OpSpec op : ops) {
            long interval = org.pacer.cib.Duration.parseMillis(op.interval());
            list.removeIf(o -> o.attr("name", "").equals(op.action())
                    && org.pacer.cib.Duration.isValid(o.attr("interval", "0"))
                    && org.pacer.cib.Duration.parseMillis(o.attr("interval", "0")) == interval);
            String opId = ConfigTree.freshId(used, resource.id() + "-" + op.action() + "-interval-" + op.interval());
            used.add(opId);
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("id", opId);
            attrs.put("name", op.action());
            attrs.put("interval", op.interval());
            op.attributes().forEach((k, v) -> {
                if (!k.equals("interval") && !k.equals("id") && !k.equals("name")) {
                    attrs.put(k, v);
                }
            });
            list.add(XmlElement.of("op", attrs));
        }
        return resource.withChild("operations", operations.withChildren(list));
    }

    /** Checks the meta attributes whose values Pacemaker restricts. */
    static void checkMeta(Map<String, String> meta) {
        meta.forEach((name, value) -> {
            if (value.isEmpty()) {
                return;
            }
            if (name.equals("target-role") && !ROLES.contains(value)) {
                throw new CommandFailure(ExitCode.USAGE, "meta target-role: '" + value + "' is not a role ("
                        + String.join(", ", new java.util.TreeSet<>(ROLES)) + ")");
            }
            if (BOOLEAN_META.contains(name) && !PropertyEdits.isBoolean(value)) {
                throw new CommandFailure(ExitCode.USAGE, "meta " + name + ": '" + value + "' is not a boolean (true or false)");
            }
            if (name.equals("resource-stickiness") || name.equals("migration-threshold") || name.equals("priority")) {
                ConfigTree.score(value, "meta " + name);
            }
            if (name.equals("failure-timeout")) {
                ConfigTree.duration(value, "meta " + name);
            }
        });
    }

    /**
     * The CIB without the resource, any group or clone it leaves empty, and every constraint reference to it
     * (constraints naming it alone are removed, sets lose the reference), as pcs resource delete does.
     */
    public static XmlElement delete(XmlElement cib, String id) {
        XmlElement doomed = ConfigTree.resource(cib, id);
        Set<String> gone = new HashSet<>();
        doomed.descendantsAndSelf().filter(e -> ConfigTree.RESOURCE_ELEMENTS.contains(e.name()))
                .forEach(e -> gone.add(e.id()));
        XmlElement resources = ConfigTree.section(cib, "resources");
        XmlElement pruned = prune(resources, id, gone);
        XmlElement result = ConfigTree.withSection(cib, pruned);
        return ConstraintEdits.withoutReferences(result, gone);
    }

    /** Removes the resource; a parent group or clone that ends up empty goes too (and is added to gone). */
    private static XmlElement prune(XmlElement element, String id, Set<String> gone) {
        List<XmlElement> kept = new ArrayList<>();
        for (XmlElement child : element.children()) {
            if (id.equals(child.id()) && ConfigTree.RESOURCE_ELEMENTS.contains(child.name())) {
                continue;
            }
            XmlElement updated = prune(child, id, gone);
            boolean container = ConfigTree.RESOURCE_ELEMENTS.contains(child.name()) && !child.name().equals("primitive");
            boolean emptied = container && child.children().stream().anyMatch(c -> ConfigTree.RESOURCE_ELEMENTS.contains(c.name()))
                    && updated.children().stream().noneMatch(c -> ConfigTree.RESOURCE_ELEMENTS.contains(c.name()));
            if (emptied) {
                gone.add(child.id());
                continue;
            }
            kept.add(updated);
        }
        return element.withChildren(kept);
    }

    /** The CIB with the resource's parameters, meta attributes and operations changed; empty values remove. */
    public static XmlElement update(XmlElement cib, String id, ResourceSpec spec) {
        XmlElement resource = ConfigTree.resource(cib, id);
        if (!resource.name().equals("primitive") && (!spec.parameters().isEmpty() || !spec.operations().isEmpty())) {
            throw new CommandFailure(ExitCode.REFUSED, "'" + id + "' is a " + resource.name()
                    + ": only primitives have parameters and operations; use meta NAME=VALUE");
        }
        checkMeta(spec.meta());
        Set<String> taken = ConfigTree.ids(cib);
        XmlElement updated = applySpec(resource, spec, taken, true);
        return ConfigTree.replace(cib, e -> e == resource, e -> updated);
    }

    /** The CIB with one meta attribute of the resource set (null removes it). */
    public static XmlElement setMeta(XmlElement cib, String id, String name, String value) {
        Map<String, String> change = new LinkedHashMap<>();
        change.put(name, value);
        if (value != null) {
            checkMeta(change);
        }
        XmlElement resource = ConfigTree.resource(cib, id);
        XmlElement updated = ConfigTree.withPairs(resource, "meta_attributes", change, ConfigTree.ids(cib));
        return ConfigTree.replace(cib, e -> e == resource, e -> orderChildren(updated));
    }

    /**
     * The CIB with {@code cli-prefer-ID}: the resource prefers NODE with INFINITY, until {@code until} when
     * given (a rule with a date expression, as crm_resource --move --lifetime writes).
     */
    public static XmlElement move(XmlElement cib, String id, String node, Instant until) {
        ConfigTree.resource(cib, id);
        NodeEdits.requireNode(cib, node);
        return withCliConstraint(cib, "cli-prefer-" + id, id, node, "INFINITY", until);
    }

    /** The CIB with {@code cli-ban-ID-on-NODE}: the resource may not run on NODE (-INFINITY). */
    public static XmlElement ban(XmlElement cib, String id, String node, Instant until) {
        ConfigTree.resource(cib, id);
        NodeEdits.requireNode(cib, node);
        return withCliConstraint(cib, "cli-ban-" + id + "-on-" + node, id, node, "-INFINITY", until);
    }

    /** The CIB without the move and ban constraints of this resource; unchanged when it has none. */
    public static XmlElement clear(XmlElement cib, String id) {
        ConfigTree.resource(cib, id);
        XmlElement constraints = ConfigTree.section(cib, "constraints");
        return ConfigTree.withSection(cib, constraints.withoutChildren(c -> c.name().equals("rsc_location")
                && (("cli-prefer-" + id).equals(c.id()) || c.id() != null && c.id().startsWith("cli-ban-" + id + "-on-"))));
    }

    private static XmlElement withCliConstraint(XmlElement cib, String cid, String rsc, String node, String score,
                                                Instant until) {
        XmlElement constraints = ConfigTree.section(cib, "constraints").withoutChildren(c -> cid.equals(c.id()));
        XmlElement withoutOld = ConfigTree.withSection(cib, constraints);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", cid);
        attrs.put("rsc", rsc);
        attrs.put("role", "Started");
        XmlElement location;
        if (until == null) {
            attrs.put("node", node);
            attrs.put("score", score);
            location = XmlElement.of("rsc_location", attrs);
        } else {
            XmlElement rule = XmlElement.of("rule", ordered("id", cid + "-rule", "score", score, "boolean-op", "and"),
                    List.of(XmlElement.of("expression", ordered("id", cid + "-expr", "attribute", "#uname",
                                    "operation", "eq", "value", node, "type", "string")),
                            XmlElement.of("date_expression", ordered("id", cid + "-lifetime", "operation", "lt",
                                    "end", ISO.format(until)))));
            location = XmlElement.of("rsc_location", attrs, List.of(rule));
        }
        List<XmlElement> list = new ArrayList<>(constraints.children());
        list.add(location);
        return ConfigTree.withSection(withoutOld, constraints.withChildren(list));
    }

    /**
     * The CIB with resource defaults ({@code rsc_defaults}, set {@code rsc-options}) changed; a null value
     * removes one. Values are checked like a resource's own meta attributes.
     */
    public static XmlElement defaults(XmlElement cib, Map<String, String> changes) {
        Map<String, String> check = new LinkedHashMap<>();
        changes.forEach((k, v) -> check.put(k, v == null ? "" : v));
        checkMeta(check);
        XmlElement section = ConfigTree.section(cib, "rsc_defaults");
        XmlElement holder = XmlElement.of("holder", Map.of("id", "rsc"), section.children());
        if (section.children("meta_attributes").isEmpty()) {
            holder = holder.withChildren(List.of(XmlElement.of("meta_attributes",
                    Map.of("id", ConfigTree.freshId(cib, "rsc-options")))));
        }
        XmlElement updated = ConfigTree.withPairs(holder, "meta_attributes", changes, ConfigTree.ids(cib));
        return ConfigTree.withSection(cib, section.withChildren(updated.children()));
    }

    static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
