package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * Reads the configuration half of a CIB into a {@link Cluster}: options, defaults, nodes and resources (with
 * clone instances expanded). Name/value sets are applied in decreasing score, the first value of a name winning,
 * and only when their rules hold.
 */
final class ConfigReader {
    private final Cluster cluster;
    private XmlElement rscDefaults;

    ConfigReader(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Evaluates every set of this kind under {@code parent} into {@code into}, earlier values winning. */
    void nvsets(XmlElement parent, String kind, RuleEvaluator.Context ctx, Map<String, String> into) {
        if (parent == null) {
            return;
        }
        List<XmlElement> sets = new ArrayList<>();
        for (XmlElement set : parent.children(kind)) {
            sets.add(cluster.rules.resolve(set));
        }
        sets.sort(Comparator.comparingInt((XmlElement s) -> -Scores.parse(s.attr("score"), 0)));
        for (XmlElement set : sets) {
            XmlElement rule = set.child("rule").orElse(null);
            if (rule != null && !cluster.rules.matches(rule, ctx)) {
                continue;
            }
            for (XmlElement pair : set.children("nvpair")) {
                XmlElement p = cluster.rules.resolve(pair);
                String name = p.attr("name");
                if (name != null && !into.containsKey(name)) {
                    into.put(name, p.attr("value", ""));
                }
            }
        }
    }

    void read() {
        XmlElement cib = cluster.cib;
        XmlElement config = cib.child("configuration").orElseThrow(
                () -> new SchedulerException("the CIB has no <configuration> element"));
        RuleEvaluator.Context ctx = RuleEvaluator.Context.at(cluster.now);
        nvsets(config.child("crm_config").orElse(null), "cluster_property_set", ctx, cluster.options);
        readOptions();
        rscDefaults = config.child("rsc_defaults").orElse(null);
        if (rscDefaults != null) {
            nvsets(rscDefaults, "meta_attributes", ctx, cluster.rscDefaults);
        }
        String quorum = cib.attr("have-quorum");
        cluster.haveQuorum = quorum == null || Scores.isTrue(quorum);
        cluster.dcUuid = cib.attr("dc-uuid");
        config.child("nodes").ifPresent(this::readNodes);
        config.child("tags").ifPresent(t -> {
            for (XmlElement tag : t.children("tag")) {
                List<String> ids = new ArrayList<>();
                tag.children("obj_ref").forEach(o -> ids.add(o.id()));
                cluster.tags.put(tag.id(), ids);
            }
        });
        config.child("resources").ifPresent(r -> RemoteNodes.declareNodes(cluster, this, r));
        config.child("resources").ifPresent(r -> {
            for (XmlElement t : r.children("template")) {
                cluster.templates.put(t.id(), t);
            }
            for (XmlElement child : r.children()) {
                Resource res = readResource(child, null);
                if (res != null) {
                    cluster.resources.add(res);
                }
            }
        });
        new RemoteNodes(cluster).link(this);
    }

    /** Unpacks a primitive the configuration implies rather than lists (a guest node's connection). */
    Resource implicitPrimitive(XmlElement e) {
        Resource r = primitive(e, null, e.id());
        cluster.resources.add(r);
        return r;
    }

    private void readOptions() {
        Map<String, String> o = cluster.options;
        cluster.stonithEnabled = Scores.bool(o.get("stonith-enabled"), true);
        cluster.symmetric = Scores.bool(o.get("symmetric-cluster"), true);
        cluster.noQuorumPolicy = o.getOrDefault("no-quorum-policy", "stop");
        cluster.stopAllResources = Scores.bool(o.get("stop-all-resources"), false);
        cluster.maintenanceMode = Scores.bool(o.get("maintenance-mode"), false);
        cluster.startFailureIsFatal = Scores.bool(o.get("start-failure-is-fatal"), true);
        cluster.stopOrphans = Scores.bool(o.get("stop-orphan-resources"), true);
        cluster.placementStrategy = o.getOrDefault("placement-strategy", "default");
    }

    private void readNodes(XmlElement nodes) {
        for (XmlElement n : nodes.children("node")) {
            String name = n.attr("uname", n.id());
            String type = n.attr("type", "member");
            if (type.equals("normal")) {
                type = "member";
            }
            Node node = new Node(n.id(), name, type);
            node.remote = type.equals("remote");
            addNode(node);
            Map<String, String> attrs = new HashMap<>();
            nvsets(n, "instance_attributes", RuleEvaluator.Context.at(cluster.now), attrs);
            node.attributes.putAll(attrs);
            Map<String, String> util = new HashMap<>();
            nvsets(n, "utilization", RuleEvaluator.Context.at(cluster.now), util);
            util.forEach((k, v) -> node.capacity.put(k, (long) Scores.parse(v, 0)));
        }
    }

    void addNode(Node node) {
        if (cluster.nodesByName.containsKey(node.name)) {
            return;
        }
        cluster.nodesByName.put(node.name, node);
        cluster.nodesById.put(node.id, node);
        cluster.nodes.add(node);
        node.attributes.put("#uname", node.name);
        node.attributes.put("#id", node.id);
        node.attributes.put("#kind", node.type.equals("member") ? "cluster" : node.type.equals("remote") ? "remote" : "container");
        node.attributes.put("#is_dc", Boolean.toString(node.id.equals(cluster.dcUuid)));
        if (cluster.options.containsKey("cluster-name")) {
            node.attributes.put("#cluster-name", cluster.options.get("cluster-name"));
        }
    }

    private Resource readResource(XmlElement e, Resource parent) {
        return switch (e.name()) {
            case "primitive" -> primitive(e, parent, e.id());
            case "group" -> group(e, parent, e.id());
            case "clone", "master" -> clone(e, parent);
            case "bundle" -> bundle(e, parent);
            default -> null;
        };
    }

    private Map<String, String> meta(XmlElement e, Resource parent) {
        Map<String, String> meta = new HashMap<>();
        RuleEvaluator.Context ctx = RuleEvaluator.Context.at(cluster.now);
        nvsets(e, "meta_attributes", ctx, meta);
        XmlElement template = e.attr("template") == null ? null : cluster.templates.get(e.attr("template"));
        if (template != null) {
            nvsets(template, "meta_attributes", ctx, meta);
        }
        if (parent != null) {
            parent.meta.forEach(meta::putIfAbsent);
        }
        return meta;
    }

    private void applyMeta(Resource r) {
        Map<String, String> m = new HashMap<>(r.meta);
        if (rscDefaults != null) {
            // Defaults may hold rules on the resource's agent, so they are evaluated for each resource.
            Map<String, String> defaults = new HashMap<>();
            nvsets(rscDefaults, "meta_attributes", new RuleEvaluator.Context(Map.of(), cluster.now, r.params, r.meta,
                    r.agentClass, r.provider, r.type, null, -1), defaults);
            defaults.forEach(m::putIfAbsent);
        }
        r.priority = Scores.parse(m.get("priority"), 0);
        String stick = m.get("resource-stickiness");
        if (stick == null) {
            stick = m.get("default-resource-stickiness");
        }
        if (stick == null) {
            stick = cluster.options.get("default-resource-stickiness");
        }
        r.stickiness = Scores.parse(stick, 0);
        r.targetRole = Role.parse(m.get("target-role"));
        String managed = m.get("is-managed");
        if (managed == null) {
            managed = cluster.options.get("is-managed-default");
        }
        r.managed = Scores.bool(managed, true) && !cluster.maintenanceMode && !Scores.bool(m.get("maintenance"), false);
        String threshold = m.get("migration-threshold");
        r.migrationThreshold = threshold == null ? Scores.INFINITY : Scores.parse(threshold, Scores.INFINITY);
        if (r.migrationThreshold <= 0) {
            r.migrationThreshold = Scores.INFINITY;
        }
        r.failureTimeoutMs = Scores.intervalMs(m.get("failure-timeout"));
        r.allowMigrate = Scores.bool(m.get("allow-migrate"), false);
        r.multipleActive = m.getOrDefault("multiple-active", "stop_start");
        r.critical = Scores.bool(m.get("critical"), true);
        r.meta = m;
    }

    private Resource primitive(XmlElement e, Resource parent, String id) {
        Resource r = new Resource(id, Resource.Kind.PRIMITIVE, e);
        r.parent = parent;
        XmlElement template = e.attr("template") == null ? null : cluster.templates.get(e.attr("template"));
        XmlElement def = template != null ? template : e;
        r.agentClass = e.attr("class", def.attr("class"));
        r.provider = e.attr("provider", def.attr("provider"));
        r.type = e.attr("type", def.attr("type"));
        r.meta = meta(e, parent);
        applyMeta(r);
        RuleEvaluator.Context ctx = RuleEvaluator.Context.at(cluster.now);
        nvsets(e, "instance_attributes", ctx, r.params);
        if (template != null) {
            nvsets(template, "instance_attributes", ctx, r.params);
        }
        Map<String, String> util = new HashMap<>();
        nvsets(e, "utilization", ctx, util);
        if (template != null) {
            nvsets(template, "utilization", ctx, util);
        }
        util.forEach((k, v) -> r.utilization.put(k, (long) Scores.parse(v, 0)));
        List<XmlElement> ops = new ArrayList<>();
        e.child("operations").ifPresent(o -> o.children("op").forEach(op -> ops.add(cluster.rules.resolve(op))));
        if (template != null) {
            template.child("operations").ifPresent(o -> o.children("op").forEach(ops::add));
        }
        r.ops = ops;
        register(r);
        return r;
    }

    private Resource group(XmlElement e, Resource parent, String id) {
        Resource g = new Resource(id, Resource.Kind.GROUP, e);
        g.parent = parent;
        g.meta = meta(e, parent);
        applyMeta(g);
        register(g);
        String suffix = id.equals(e.id()) ? "" : id.substring(e.id().length());
        for (XmlElement child : e.children("primitive")) {
            Resource p = primitive(child, g, child.id() + suffix);
            p.baseId = child.id();
            g.children.add(p);
        }
        return g;
    }

    private Resource clone(XmlElement e, Resource parent) {
        Resource c = new Resource(e.id(), Resource.Kind.CLONE, e);
        c.parent = parent;
        c.meta = meta(e, parent);
        Map<String, String> m = new HashMap<>(c.meta);
        cluster.rscDefaults.forEach(m::putIfAbsent);
        if (!m.containsKey("resource-stickiness")) {
            c.meta.put("resource-stickiness", "1");
        }
        applyMeta(c);
        c.promotable = e.name().equals("master") || Scores.bool(m.get("promotable"), false);
        c.unique = Scores.bool(m.get("globally-unique"), false);
        c.interleave = Scores.bool(m.get("interleave"), false);
        c.ordered = Scores.bool(m.get("ordered"), false);
        long members = cluster.nodes.stream().filter(n -> n.type.equals("member") || n.remote).count();
        c.cloneMax = Scores.parse(m.get("clone-max"), (int) Math.max(members, 0));
        c.cloneNodeMax = Scores.parse(m.get("clone-node-max"), 1);
        c.promotedMax = Scores.parse(m.getOrDefault("promoted-max", m.get("master-max")), 1);
        c.promotedNodeMax = Scores.parse(m.getOrDefault("promoted-node-max", m.get("master-node-max")), 1);
        c.cloneMin = Scores.parse(m.get("clone-min"), 0);
        register(c);
        XmlElement child = null;
        for (XmlElement x : e.children()) {
            if (x.name().equals("primitive") || x.name().equals("group")) {
                child = x;
                break;
            }
        }
        if (child == null) {
            return c;
        }
        for (int i = 0; i < c.cloneMax; i++) {
            addInstance(c, child, i);
        }
        return c;
    }

    Resource addInstance(Resource clone, XmlElement child, int i) {
        String suffix = ":" + i;
        Resource inst = child.name().equals("group") ? group(child, clone, child.id() + suffix)
                : primitive(child, clone, child.id() + suffix);
        inst.baseId = child.id();
        clone.children.add(inst);
        return inst;
    }

    private Resource bundle(XmlElement e, Resource parent) {
        Resource b = new Resource(e.id(), Resource.Kind.BUNDLE, e);
        b.parent = parent;
        b.meta = meta(e, parent);
        applyMeta(b);
        register(b);
        Bundles.expand(cluster, this, b);
        return b;
    }

    /** Unpacks a primitive a bundle implies, as a member of {@code parent}. */
    Resource implicitChild(XmlElement e, Resource parent) {
        return primitive(e, parent, e.id());
    }

    private void register(Resource r) {
        cluster.resourcesById.putIfAbsent(r.id, r);
    }
}
