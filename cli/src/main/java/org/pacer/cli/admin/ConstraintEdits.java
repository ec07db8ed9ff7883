package org.pacer.cli.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pacer.cib.Score;
import org.pacer.cib.XmlElement;
import org.pacer.cli.CommandFailure;
import org.pacer.cli.ExitCode;

/**
 * Location, colocation and order constraints as pure CIB edits, in the forms an administrator knows from
 * pcs: {@code RSC prefers NODE[=SCORE]}, {@code A with B [SCORE]}, {@code [ACTION] A then [ACTION] B
 * [kind=KIND]}. Every resource named must exist; ids are derived from the constraint unless given.
 */
public final class ConstraintEdits {
    /** The constraint kinds of the CLI and their element names. */
    public enum Kind {
        LOCATION("rsc_location"), COLOCATION("rsc_colocation"), ORDER("rsc_order");

        public final String element;

        Kind(String element) {
            this.element = element;
        }
    }

    private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");
    private static final Set<String> ORDER_KINDS = Set.of("Mandatory", "Optional", "Serialize");
    private static final Set<String> ROLES = Set.of("Started", "Promoted", "Unpromoted", "Stopped");

    private ConstraintEdits() {
    }

    /**
     * The CIB with one location constraint per NODE[=SCORE]: {@code prefers} uses the score as given
     * (INFINITY when absent), {@code avoids} its negation.
     */
    public static XmlElement location(XmlElement cib, String id, String rsc, boolean prefers, List<String> nodeScores) {
        requireResource(cib, rsc);
        if (nodeScores.isEmpty()) {
            throw new CommandFailure(ExitCode.USAGE, "name at least one NODE[=SCORE] after 'prefers' or 'avoids'");
        }
        if (id != null && nodeScores.size() > 1) {
            throw new CommandFailure(ExitCode.USAGE, "--id names one constraint: give one NODE[=SCORE] with it");
        }
        XmlElement result = cib;
        for (String nodeScore : nodeScores) {
            int eq = nodeScore.indexOf('=');
            String node = eq < 0 ? nodeScore : nodeScore.substring(0, eq);
            String score = eq < 0 ? "INFINITY" : ConfigTree.score(nodeScore.substring(eq + 1), "score for " + node);
            NodeEdits.requireNode(result, node);
            int value = Score.parse(score);
            String written = prefers ? Score.toString(value) : Score.toString(-value);
            String cid = id != null ? id : ConfigTree.freshId(result, "location-" + rsc + "-" + node + "-" + written);
            if (id != null) {
                ConfigTree.requireNewId(result, id);
            }
            result = add(result, XmlElement.of("rsc_location",
                    ResourceEdits.ordered("id", cid, "rsc", rsc, "node", node, "score", written)));
        }
        return result;
    }

    /** The CIB with {@code rsc} placed with (or, with a negative score, away from) {@code withRsc}. */
    public static XmlElement colocation(XmlElement cib, String id, String rsc, String withRsc, String score,
                                        String rscRole, String withRole) {
        requireResource(cib, rsc);
        requireResource(cib, withRsc);
        if (rsc.equals(withRsc)) {
            throw new CommandFailure(ExitCode.USAGE, "a resource cannot be colocated with itself");
        }
        String written = Score.toString(Score.parse(ConfigTree.score(score == null ? "INFINITY" : score, "colocation score")));
        String cid = newId(cib, id, "colocation-" + rsc + "-" + withRsc + "-" + written);
        Map<String, String> attrs = ResourceEdits.ordered("id", cid, "score", written, "rsc", rsc, "with-rsc", withRsc);
        putRole(attrs, "rsc-role", rscRole);
        putRole(attrs, "with-rsc-role", withRole);
        return add(cib, XmlElement.of("rsc_colocation", attrs));
    }

    /** The CIB with {@code first} ordered before {@code then}. */
    public static XmlElement order(XmlElement cib, String id, String firstAction, String first, String thenAction,
                                   String then, Map<String, String> options) {
        requireResource(cib, first);
        requireResource(cib, then);
        if (first.equals(then)) {
            throw new CommandFailure(ExitCode.USAGE, "a resource cannot be ordered after itself");
        }
        for (String action : new String[] {firstAction, thenAction}) {
            if (action != null && !ACTIONS.contains(action)) {
                throw new CommandFailure(ExitCode.USAGE, "'" + action + "' is not an action (start, stop, promote, demote)");
            }
        }
        String kind = options.getOrDefault("kind", "Mandatory");
        if (!ORDER_KINDS.contains(kind)) {
            throw new CommandFailure(ExitCode.USAGE, "kind=" + kind + ": expected Mandatory, Optional or Serialize");
        }
        for (String option : options.keySet()) {
            if (!option.equals("kind") && !option.equals("symmetrical")) {
                throw new CommandFailure(ExitCode.USAGE, "unknown order option '" + option + "' (kind=, symmetrical=)");
            }
        }
        String symmetrical = options.get("symmetrical");
        if (symmetrical != null && !PropertyEdits.isBoolean(symmetrical)) {
            throw new CommandFailure(ExitCode.USAGE, "symmetrical=" + symmetrical + ": expected true or false");
        }
        String fa = firstAction == null ? "start" : firstAction;
        String ta = thenAction == null ? fa : thenAction;
        String cid = newId(cib, id, "order-" + first + "-" + then + "-" + kind);
        Map<String, String> attrs = ResourceEdits.ordered("id", cid, "first", first, "first-action", fa,
                "then", then, "then-action", ta, "kind", kind);
        if (symmetrical != null) {
            attrs.put("symmetrical", symmetrical);
        }
        return add(cib, XmlElement.of("rsc_order", attrs));
    }

    /** The CIB without the constraint {@code id} of this kind; not found when there is none. */
    public static XmlElement remove(XmlElement cib, Kind kind, String id) {
        XmlElement constraints = ConfigTree.section(cib, "constraints");
        boolean present = constraints.children().stream().anyMatch(c -> c.name().equals(kind.element) && id.equals(c.id()));
        if (!present) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "no " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " constraint '" + id + "' (pacer constraint " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " list shows them)");
        }
        return ConfigTree.withSection(cib, constraints.withoutChildren(c -> c.name().equals(kind.element) && id.equals(c.id())));
    }

    /** The constraints of one kind (every kind when null), as they are in the CIB. */
    public static List<XmlElement> list(XmlElement cib, Kind kind) {
        return ConfigTree.section(cib, "constraints").children().stream()
                .filter(c -> kind == null ? c.name().startsWith("rsc_") : c.name().equals(kind.element)).toList();
    }

    /** A one-line description of a constraint, in the words used to create it. */
    public static String describe(XmlElement c) {
        String sets = c.children("resource_set").isEmpty() ? "" : " sets " + String.join(" ",
                c.children("resource_set").stream().map(s -> "(" + String.join(" ", s.children("resource_ref").stream()
                        .map(XmlElement::id).toList()) + ")").toList());
        return switch (c.name()) {
            case "rsc_location" -> c.attr("rsc", c.attr("rsc-pattern", "")) + sets
                    + (c.attr("node") != null ? (c.attr("score", "0").startsWith("-") ? " avoids " : " prefers ")
                    + c.attr("node") + "=" + c.attr("score", "").replaceFirst("^-", "") : " (rules)")
                    + (c.attr("role") != null ? " role=" + c.attr("role") : "") + "  (id: " + c.id() + ")";
            case "rsc_colocation" -> c.attr("rsc", "") + sets + (c.attr("with-rsc") == null ? "" : " with " + c.attr("with-rsc"))
                    + " " + c.attr("score", c.attr("score-attribute", "")) + "  (id: " + c.id() + ")";
            case "rsc_order" -> (c.attr("first") == null ? sets.strip() : c.attr("first-action", "start") + " " + c.attr("first")
                    + " then " + c.attr("then-action", c.attr("first-action", "start")) + " " + c.attr("then"))
                    + " kind=" + c.attr("kind", c.attr("score") != null ? "score " + c.attr("score") : "Mandatory")
                    + "  (id: " + c.id() + ")";
            default -> c.name() + " " + c.id();
        };
    }

    /**
     * The CIB without references to the given resources: constraints naming one directly are removed, sets
     * lose the reference, and a set-based constraint left with no set is removed.
     */
    public static XmlElement withoutReferences(XmlElement cib, Set<String> resources) {
        XmlElement constraints = ConfigTree.section(cib, "constraints");
        List<XmlElement> kept = new ArrayList<>();
        for (XmlElement c : constraints.children()) {
            boolean direct = false;
            for (String attr : List.of("rsc", "with-rsc", "first", "then")) {
                direct |= c.attr(attr) != null && resources.contains(c.attr(attr));
            }
            if (direct) {
                continue;
            }
            if (c.children("resource_set").isEmpty()) {
                kept.add(c);
                continue;
            }
            List<XmlElement> children = new ArrayList<>();
            for (XmlElement child : c.children()) {
                if (!child.name().equals("resource_set")) {
                    children.add(child);
                    continue;
                }
                XmlElement set = child.withoutChildren(r -> r.name().equals("resource_ref") && resources.contains(r.id()));
                if (!set.children("resource_ref").isEmpty()) {
                    children.add(set);
                }
            }
            if (children.stream().anyMatch(x -> x.name().equals("resource_set"))) {
                kept.add(c.withChildren(children));
            }
        }
        return ConfigTree.withSection(cib, constraints.withChildren(kept));
    }

    private static void putRole(Map<String, String> attrs, String name, String role) {
        if (role == null) {
            return;
        }
        if (!ROLES.contains(role)) {
            throw new CommandFailure(ExitCode.USAGE, name + " '" + role + "': expected Started, Promoted, Unpromoted or Stopped");
        }
        attrs.put(name, role);
    }

    private static String newId(XmlElement cib, String id, String derived) {
        if (id != null) {
            ConfigTree.requireNewId(cib, id);
            return id;
        }
        return ConfigTree.freshId(cib, derived);
    }

    private static void requireResource(XmlElement cib, String rsc) {
        if (!ConfigTree.hasResource(cib, rsc)) {
            throw new CommandFailure(ExitCode.NOT_FOUND, "no resource '" + rsc
                    + "' in the configuration: a constraint must name existing resources (pacer resource list)");
        }
    }

    private static XmlElement add(XmlElement cib, XmlElement constraint) {
        XmlElement constraints = ConfigTree.section(cib, "constraints");
        List<XmlElement> list = new ArrayList<>(constraints.children());
        list.add(constraint);
        return ConfigTree.withSection(cib, constraints.withChildren(list));
    }

    static Map<String, String> copy(Map<String, String> map) {
        return new LinkedHashMap<>(map);
    }
}
