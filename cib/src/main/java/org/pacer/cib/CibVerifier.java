package org.pacer.cib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a CIB the way crm_verify does, for what makes a configuration wrong rather than merely unusual:
 * missing required attributes (as the Pacemaker RelaxNG schemas require them), misplaced children,
 * duplicate ids, references to resources, templates, tags or ids that do not exist, unknown resource
 * classes, invalid scores and durations. Each problem names the element's path and line. Stateless.
 */
public final class CibVerifier {
    /** Resource classes Pacemaker knows (heartbeat only in old schemas, still accepted there). */
    public static final Set<String> RESOURCE_CLASSES = Set.of("ocf", "lsb", "heartbeat", "service", "systemd",
            "stonith", "upstart", "nagios");

    private static final Set<String> RESOURCES = Set.of("primitive", "group", "clone", "master", "bundle");
    private static final Set<String> NVSETS = Set.of("meta_attributes", "instance_attributes", "utilization",
            "cluster_property_set");
    /** Elements whose {@code id} refers to something else, or names a user or node, instead of defining an id. */
    private static final Set<String> ID_IS_NOT_AN_ID = Set.of("resource_ref", "obj_ref", "role", "acl_target",
            "acl_user", "node");
    private static final Set<String> DURATION_OPTIONS = Set.of("timeout", "interval", "start-delay",
            "failure-timeout", "cluster-recheck-interval", "stonith-timeout", "dc-deadtime", "election-timeout",
            "shutdown-escalation", "shutdown-lock-limit", "priority-fencing-delay");
    private static final Set<String> SCORE_OPTIONS = Set.of("resource-stickiness", "migration-threshold",
            "default-resource-stickiness");
    private static final Set<String> ROLES = Set.of("Stopped", "Started", "Promoted", "Unpromoted", "Master",
            "Slave");
    private static final Set<String> EXPRESSION_TYPES = Set.of("string", "integer", "number", "version");
    /** A score as the schemas write it (case matters there, unlike in nvpair values Pacemaker reads itself). */
    private static final java.util.regex.Pattern SCHEMA_SCORE = java.util.regex.Pattern.compile(
            "\\s*([+-]?[0-9]+|[+-]?INFINITY)\\s*");
    private static final Set<String> EXPRESSION_OPERATIONS = Set.of("lt", "gt", "lte", "gte", "eq", "ne",
            "defined", "not_defined");

    /** One problem: where it is and what is wrong. {@link #toString()} is the one-line report. */
    public record Problem(SourcePosition position, String path, String message) {
        @Override
        public String toString() {
            String where = (position.source() == null ? "<input>" : position.source())
                    + (position.known() ? ":" + position.line() : "");
            return where + ": " + path + ": " + message;
        }
    }

    private CibVerifier() {
    }

    /** Every problem in the document, in document order; empty when the CIB is valid. */
    public static List<Problem> verify(XmlElement cib) {
        return new Run().check(cib);
    }

    /** The state of one verification: the ids seen and the problems found, confined to one call. */
    private static final class Run {
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, XmlElement> ids = new HashMap<>();
        private final Set<String> constrainable = new HashSet<>();
        private final Set<String> templates = new HashSet<>();
        private final Set<String> primitives = new HashSet<>();
        private final Set<String> roles = new HashSet<>();

        List<Problem> check(XmlElement cib) {
            if (!cib.name().equals("cib")) {
                problem(cib, "/" + cib.name(), "the root element must be <cib>");
                return problems;
            }
            try {
                CibVersion.of(cib);
            } catch (CibException e) {
                problem(cib, "/cib", e.getMessage().replaceFirst("^.*?: <cib ", "<cib "));
            }
            XmlElement configuration = cib.child("configuration").orElse(null);
            if (configuration == null) {
                problem(cib, "/cib", "missing <configuration>");
                return problems;
            }
            String configurationPath = "/cib/configuration";
            for (String section : List.of("crm_config", "nodes", "resources", "constraints")) {
                if (configuration.child(section).isEmpty()) {
                    problem(configuration, configurationPath, "missing <" + section + ">");
                }
            }
            collect(configuration, configurationPath);
            walk(configuration, configurationPath, null);
            problems.sort(java.util.Comparator.comparingInt(p -> p.position().line()));
            return problems;
        }

        /** First pass: paths, ids (reporting duplicates) and what constraints may name. */
        private void collect(XmlElement element, String path) {
            String id = element.id();
            if (id != null && !ID_IS_NOT_AN_ID.contains(element.name())) {
                XmlElement first = ids.putIfAbsent(id, element);
                if (first != null) {
                    problem(element, path, "duplicate id '" + id + "' (first used by <" + first.name() + "> at line "
                            + first.position().line() + ")");
                }
                if (RESOURCES.contains(element.name()) || element.name().equals("tag")) {
                    constrainable.add(id);
                }
                if (element.name().equals("template")) {
                    templates.add(id);
                    constrainable.add(id);
                }
                if (element.name().equals("primitive")) {
                    primitives.add(id);
                }
                if (element.name().equals("acl_role")) {
                    roles.add(id);
                }
            }
            List<XmlElement> children = element.children();
            for (int i = 0; i < children.size(); i++) {
                collect(children.get(i), childPath(element, path, i));
            }
        }

        private static String childPath(XmlElement parent, String path, int index) {
            return path + "/" + ElementPath.stepFor(parent.children(), index);
        }

        /** Second pass: each element's own rules. */
        private void walk(XmlElement element, String path, XmlElement parent) {
            checkElement(element, path, parent);
            List<XmlElement> children = element.children();
            for (int i = 0; i < children.size(); i++) {
                walk(children.get(i), childPath(element, path, i), element);
            }
        }

        private void checkElement(XmlElement e, String path, XmlElement parent) {
            if (e.attr("id-ref") != null) {
                reference(e, path, "id-ref", ids.keySet(), "an id");
                return;
            }
            switch (e.name()) {
                case "node" -> {
                    if (parent != null && parent.name().equals("nodes")) {
                        required(e, path, "id", "uname");
                    }
                }
                case "primitive", "template" -> primitive(e, path);
                case "group" -> {
                    required(e, path, "id");
                    for (XmlElement child : e.children()) {
                        if (RESOURCES.contains(child.name()) && !child.name().equals("primitive")) {
                            problem(child, path, "a group may contain only primitives, not <"
                                    + child.name() + ">");
                        }
                    }
                }
                case "clone", "master" -> {
                    required(e, path, "id");
                    long members = e.children().stream()
                            .filter(c -> c.name().equals("primitive") || c.name().equals("group")).count();
                    if (members != 1) {
                        problem(e, path, "a " + e.name() + " must contain exactly one primitive or group, not "
                                + members);
                    }
                }
                case "bundle" -> {
                    required(e, path, "id");
                    if (e.children("primitive").size() > 1) {
                        problem(e, path, "a bundle may contain at most one primitive");
                    }
                }
                case "op" -> operation(e, path);
                case "nvpair" -> nvpair(e, path, parent);
                case "meta_attributes", "instance_attributes", "utilization", "cluster_property_set", "operations",
                        "rule", "resource_set" -> {
                    if (!e.name().equals("operations")) {
                        required(e, path, "id");
                    }
                    if (e.name().equals("resource_set")) {
                        if (e.children("resource_ref").isEmpty()) {
                            problem(e, path, "a resource set needs at least one <resource_ref>");
                        }
                        role(e, path, "role");
                    }
                    if (e.name().equals("rule")) {
                        role(e, path, "role");
                    }
                }
                case "resource_ref" -> {
                    required(e, path, "id");
                    reference(e, path, "id", constrainable, "a resource, template or tag");
                }
                case "rsc_location" -> location(e, path);
                case "rsc_colocation" -> {
                    required(e, path, "id");
                    pair(e, path, "rsc", "with-rsc");
                    role(e, path, "rsc-role");
                    role(e, path, "with-rsc-role");
                }
                case "rsc_order" -> {
                    required(e, path, "id");
                    pair(e, path, "first", "then");
                }
                case "rsc_ticket" -> {
                    required(e, path, "id", "ticket");
                    if (e.children("resource_set").isEmpty()) {
                        required(e, path, "rsc");
                        reference(e, path, "rsc", constrainable, "a resource, template or tag");
                    }
                    role(e, path, "rsc-role");
                }
                case "expression" -> {
                    required(e, path, "id", "attribute", "operation");
                    String operation = e.attr("operation");
                    if (operation != null && !EXPRESSION_OPERATIONS.contains(operation)) {
                        problem(e, path, "unknown operation '" + operation + "' (expected one of lt, gt, lte, gte,"
                                + " eq, ne, defined, not_defined)");
                    }
                    String type = e.attr("type");
                    if (type != null && !EXPRESSION_TYPES.contains(type)) {
                        problem(e, path, "unknown type '" + type + "' (expected string, integer, number or version)");
                    }
                }
                case "date_expression" -> dateExpression(e, path);
                case "fencing-level" -> fencingLevel(e, path);
                case "tag" -> {
                    required(e, path, "id");
                    if (e.children("obj_ref").isEmpty()) {
                        problem(e, path, "a tag needs at least one <obj_ref>");
                    }
                }
                case "obj_ref" -> {
                    required(e, path, "id");
                    reference(e, path, "id", ids.keySet(), "an id");
                }
                case "alert" -> required(e, path, "id", "path");
                case "recipient" -> required(e, path, "id", "value");
                case "acl_role", "acl_group" -> required(e, path, "id");
                case "acl_target", "acl_user" -> required(e, path, "id");
                case "role" -> {
                    required(e, path, "id");
                    reference(e, path, "id", roles, "an ACL role");
                }
                case "acl_permission" -> {
                    required(e, path, "id", "kind");
                    if (e.attr("xpath") == null && e.attr("reference") == null && e.attr("object-type") == null) {
                        problem(e, path, "needs one of xpath, reference or object-type");
                    }
                    reference(e, path, "reference", ids.keySet(), "an id");
                }
                default -> {
                }
            }
            String score = e.attr("score");
            if (score != null && !(Score.isValid(score) && SCHEMA_SCORE.matcher(score).matches())) {
                problem(e, path, "invalid score '" + score + "' (expected an integer, INFINITY or -INFINITY)");
            }
        }

        private void primitive(XmlElement e, String path) {
            required(e, path, "id");
            String template = e.attr("template");
            if (template != null && e.name().equals("primitive")) {
                reference(e, path, "template", templates, "a resource template");
                return;
            }
            required(e, path, "class", "type");
            String type = e.attr("class");
            if (type == null) {
                return;
            }
            if (!RESOURCE_CLASSES.contains(type)) {
                problem(e, path, "unknown resource class '" + type
                        + "' (expected ocf, lsb, service, systemd, stonith, upstart or nagios)");
            } else if (type.equals("ocf") && e.attr("provider") == null) {
                problem(e, path, "class 'ocf' needs a provider");
            } else if (!type.equals("ocf") && e.attr("provider") != null) {
                problem(e, path, "only class 'ocf' takes a provider, not '" + type + "'");
            }
        }

        private void operation(XmlElement e, String path) {
            required(e, path, "id", "name", "interval");
            for (String attribute : List.of("interval", "timeout", "start-delay")) {
                String value = e.attr(attribute);
                if (value != null && !Duration.isValid(value)) {
                    problem(e, path, "invalid " + attribute + " '" + value + "' (expected a duration such as 10,"
                            + " 10s, 500ms, 5min, 1h or PT10S)");
                }
            }
            role(e, path, "role");
        }

        private void nvpair(XmlElement e, String path, XmlElement parent) {
            required(e, path, "id", "name");
            String name = e.attr("name");
            String value = e.attr("value");
            if (name == null || value == null || parent == null || !NVSETS.contains(parent.name())) {
                return;
            }
            if (DURATION_OPTIONS.contains(name) && !Duration.isValid(value)) {
                problem(e, path, "invalid duration '" + value + "' for " + name
                        + " (expected e.g. 10, 10s, 500ms, 5min, 1h or PT10S)");
            }
            if (SCORE_OPTIONS.contains(name) && !Score.isValid(value)) {
                problem(e, path, "invalid score '" + value + "' for " + name
                        + " (expected an integer, INFINITY or -INFINITY)");
            }
        }

        private void location(XmlElement e, String path) {
            required(e, path, "id");
            boolean sets = !e.children("resource_set").isEmpty();
            if (!sets) {
                if (e.attr("rsc") == null && e.attr("rsc-pattern") == null) {
                    problem(e, path, "needs rsc, rsc-pattern or a resource set");
                }
                reference(e, path, "rsc", constrainable, "a resource, template or tag");
            }
            boolean rules = !e.children("rule").isEmpty();
            if (!rules) {
                if (e.attr("node") == null || e.attr("score") == null) {
                    problem(e, path, "needs node and score, or a rule");
                }
            }
            role(e, path, "role");
        }

        private void pair(XmlElement e, String path, String one, String other) {
            if (!e.children("resource_set").isEmpty()) {
                return;
            }
            required(e, path, one, other);
            reference(e, path, one, constrainable, "a resource, template or tag");
            reference(e, path, other, constrainable, "a resource, template or tag");
        }

        private void dateExpression(XmlElement e, String path) {
            required(e, path, "id");
            String operation = e.attr("operation", "in_range");
            switch (operation) {
                case "in_range" -> {
                    if (e.attr("start") == null && e.attr("end") == null) {
                        problem(e, path, "operation in_range needs start or end");
                    }
                }
                case "gt" -> required(e, path, "start");
                case "lt" -> required(e, path, "end");
                case "date_spec" -> {
                    if (e.child("date_spec").isEmpty()) {
                        problem(e, path, "operation date_spec needs a <date_spec>");
                    }
                }
                default -> problem(e, path, "unknown operation '" + operation
                        + "' (expected in_range, gt, lt or date_spec)");
            }
        }

        private void fencingLevel(XmlElement e, String path) {
            required(e, path, "id", "index", "devices");
            if (e.attr("target") == null && e.attr("target-pattern") == null && e.attr("target-attribute") == null) {
                problem(e, path, "needs target, target-pattern or target-attribute");
            }
            String index = e.attr("index");
            if (index != null && !index.strip().matches("[0-9]+")) {
                problem(e, path, "invalid index '" + index + "' (expected a positive whole number)");
            }
            String devices = e.attr("devices");
            if (devices != null) {
                for (String device : devices.split(",")) {
                    if (!primitives.contains(device.strip())) {
                        problem(e, path, "device '" + device.strip() + "' is not a configured resource");
                    }
                }
            }
        }

        private void role(XmlElement e, String path, String attribute) {
            String role = e.attr(attribute);
            if (role != null && !ROLES.contains(role)) {
                problem(e, path, "invalid " + attribute + " '" + role
                        + "' (expected Stopped, Started, Promoted or Unpromoted)");
            }
        }

        private void required(XmlElement e, String path, String... attributes) {
            for (String attribute : attributes) {
                if (e.attr(attribute) == null) {
                    problem(e, path, "missing required attribute '" + attribute + "'");
                }
            }
        }

        private void reference(XmlElement e, String path, String attribute, Set<String> known, String what) {
            String value = e.attr(attribute);
            if (value != null && !known.contains(value)) {
                problem(e, path, attribute + " '" + value + "' is not " + what + " in the configuration");
            }
        }

        private void problem(XmlElement e, String path, String message) {
            problems.add(new Problem(e.position(), path, message));
        }
    }
}
