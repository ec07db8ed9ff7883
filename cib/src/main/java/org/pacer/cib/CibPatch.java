package org.pacer.cib;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patch from one CIB version to the next, in Pacemaker's v2 patchset shape ({@code <diff format="2">}):
 * the source and target versions, then changes applied in order, each naming its element by path. It is
 * what replication ships between nodes, so its size follows the size of the change, not of the CIB.
 * Applying it to a CIB whose version is not the source version is refused; applying it to the right
 * one gives exactly the target document, attribute and child order included.
 */
public record CibPatch(CibVersion source, CibVersion target, List<Change> changes) {
    public CibPatch {
        changes = List.copyOf(changes);
    }

    /** One change of a patch; paths are evaluated against the document as the earlier changes left it. */
    public sealed interface Change permits Create, Delete, Modify, Move {
        ElementPath path();
    }

    /** Inserts {@code element} (with its subtree) as child number {@code position} (0-based) of {@code path}. */
    public record Create(ElementPath path, int position, XmlElement element) implements Change {
    }

    /** Removes the element at {@code path} with its subtree. */
    public record Delete(ElementPath path) implements Change {
    }

    /**
     * Sets the attributes of the element at {@code path} to {@code attributes}, in that order; its children
     * are untouched. {@code set} and {@code unset} list what changed, for readers and for Pacemaker.
     */
    public record Modify(ElementPath path, Map<String, String> set, List<String> unset,
                         Map<String, String> attributes) implements Change {
        public Modify {
            set = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
            unset = List.copyOf(unset);
            attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /** Moves the element at {@code path} to child number {@code position} (0-based) of its parent. */
    public record Move(ElementPath path, int position) implements Change {
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The CIB this patch turns {@code cib} into. Refused with a CibException when the CIB's version is not
     * the patch's source version, or when a change names an element or position that does not exist.
     */
    public XmlElement applyTo(XmlElement cib) {
        CibVersion actual = CibVersion.of(cib);
        if (!actual.equals(source)) {
            throw new CibException("patch does not apply: it is for CIB version " + source + " but the CIB is at "
                    + actual + " (patch target " + target + ")");
        }
        WorkingTree tree = new WorkingTree(cib);
        Placements placements = new Placements();
        for (Change change : changes) {
            apply(tree, change, placements);
        }
        placements.settle();
        XmlElement result = tree.toElement();
        CibVersion reached = CibVersion.of(result);
        if (!reached.equals(target)) {
            throw new CibException("patch is inconsistent: applying it gives version " + reached
                    + ", not its target version " + target);
        }
        return result;
    }

    private static void apply(WorkingTree tree, Change change, Placements placements) {
        WorkingTree.Node node = tree.resolve(change.path());
        if (change instanceof Create create) {
            int position = Math.max(0, Math.min(create.position(), node.children().size()));
            placements.place(node, node.insert(position, create.element()), create);
        } else if (change instanceof Modify modify) {
            node.setAttributes(modify.attributes());
        } else if (node == tree.root()) {
            throw new CibException("patch does not apply: it deletes or moves the root element " + change.path());
        } else if (change instanceof Move move) {
            node.moveTo(Math.max(0, Math.min(move.position(), node.siblingCount() - 1)));
            placements.place(node.parent(), node, move);
        } else {
            node.remove();
        }
    }

    /**
     * Where created and moved elements must end up. Positions are final indices among the parent's
     * children: placed elements take their positions and the others fill the remaining slots in their
     * order. Pacer's own patches already reach that order change by change; crm_diff's patches rely on
     * it, so it is enforced once all changes are applied.
     */
    private static final class Placements {
        private final Map<WorkingTree.Node, Map<WorkingTree.Node, Change>> byParent = new IdentityHashMap<>();

        void place(WorkingTree.Node parent, WorkingTree.Node child, Change change) {
            byParent.computeIfAbsent(parent, p -> new IdentityHashMap<>()).put(child, change);
        }

        void settle() {
            byParent.forEach((parent, placed) -> {
                List<WorkingTree.Node> children = parent.children();
                WorkingTree.Node[] slots = new WorkingTree.Node[children.size()];
                List<WorkingTree.Node> others = new ArrayList<>();
                for (WorkingTree.Node child : children) {
                    Change change = placed.get(child);
                    if (change == null) {
                        others.add(child);
                        continue;
                    }
                    int position = change instanceof Create create ? create.position() : ((Move) change).position();
                    if (position < 0 || position >= slots.length || slots[position] != null) {
                        throw new CibException("patch does not apply: position " + position + " is out of range 0.."
                                + (slots.length - 1) + " (or taken twice) for " + operation(change) + " at "
                                + change.path());
                    }
                    slots[position] = child;
                }
                int next = 0;
                for (int i = 0; i < slots.length; i++) {
                    if (slots[i] == null) {
                        slots[i] = others.get(next++);
                    }
                }
                children.clear();
                children.addAll(List.of(slots));
            });
        }
    }

    // ---- XML form ----

    /** The patch as {@code <diff format="2">}, the form crm_diff writes and {@code cibadmin --patch} reads. */
    public XmlElement toXml() {
        List<XmlElement> children = new ArrayList<>();
        children.add(XmlElement.of("version", Map.of(), List.of(
                XmlElement.of("source", versionAttributes(source)),
                XmlElement.of("target", versionAttributes(target)))));
        for (Change change : changes) {
            children.add(changeXml(change));
        }
        return XmlElement.of("diff", Map.of("format", "2"), children);
    }

    private static Map<String, String> versionAttributes(CibVersion version) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("admin_epoch", Long.toString(version.adminEpoch()));
        attributes.put("epoch", Long.toString(version.epoch()));
        attributes.put("num_updates", Long.toString(version.numUpdates()));
        return attributes;
    }

    private static XmlElement changeXml(Change change) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<XmlElement> children = new ArrayList<>();
        attributes.put("operation", operation(change));
        attributes.put("path", change.path().toString());
        if (change instanceof Create create) {
            attributes.put("position", Integer.toString(create.position()));
            children.add(create.element());
        } else if (change instanceof Move move) {
            attributes.put("position", Integer.toString(move.position()));
        } else if (change instanceof Modify modify) {
            List<XmlElement> list = new ArrayList<>();
            modify.set().forEach((name, value) -> list.add(XmlElement.of("change-attr",
                    orderedMap("name", name, "operation", "set", "value", value))));
            modify.unset().forEach(name -> list.add(XmlElement.of("change-attr",
                    orderedMap("name", name, "operation", "unset"))));
            children.add(XmlElement.of("change-list", Map.of(), list));
            String name = modify.path().steps().get(modify.path().steps().size() - 1).name();
            children.add(XmlElement.of("change-result", Map.of(),
                    List.of(XmlElement.of(name, modify.attributes()))));
        }
        return XmlElement.of("change", attributes, children);
    }

    private static String operation(Change change) {
        if (change instanceof Create) {
            return "create";
        } else if (change instanceof Delete) {
            return "delete";
        } else if (change instanceof Modify) {
            return "modify";
        }
        return "move";
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Reads a {@code <diff format="2">} element, from Pacer or from crm_diff; errors name the element. */
    public static CibPatch fromXml(XmlElement diff) {
        if (!diff.name().equals("diff")) {
            throw new CibException(diff.position() + ": <" + diff.name() + ">: not a patch (expected <diff>)");
        }
        if (!"2".equals(diff.attr("format"))) {
            throw new CibException(diff.position() + ": <diff format=\"" + diff.attr("format")
                    + "\">: only format 2 patches are supported");
        }
        XmlElement version = diff.child("version").orElseThrow(() -> new CibException(diff.position()
                + ": <diff>: missing <version>"));
        CibVersion source = CibVersion.of(version.child("source").orElseThrow(() -> new CibException(
                version.position() + ": <version>: missing <source>")));
        CibVersion target = CibVersion.of(version.child("target").orElseThrow(() -> new CibException(
                version.position() + ": <version>: missing <target>")));
        List<Change> changes = new ArrayList<>();
        for (XmlElement change : diff.children("change")) {
            changes.add(readChange(change));
        }
        return new CibPatch(source, target, changes);
    }

    private static Change readChange(XmlElement change) {
        String operation = required(change, "operation");
        ElementPath path;
        try {
            path = ElementPath.parse(required(change, "path"));
        } catch (CibException e) {
            throw new CibException(change.position() + ": <change>: " + e.getMessage());
        }
        return switch (operation) {
            case "create" -> {
                if (change.children().size() != 1) {
                    throw new CibException(change.position() + ": <change operation=\"create\">: expected exactly"
                            + " one element to create, found " + change.children().size());
                }
                yield new Create(path, position(change), change.children().get(0));
            }
            case "delete" -> new Delete(path);
            case "move" -> new Move(path, position(change));
            case "modify" -> readModify(change, path);
            default -> throw new CibException(change.position() + ": <change operation=\"" + operation
                    + "\">: unknown operation (expected create, delete, modify or move)");
        };
    }

    private static Modify readModify(XmlElement change, ElementPath path) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (XmlElement attr : change.child("change-list").map(XmlElement::children).orElse(List.of())) {
            String name = required(attr, "name");
            switch (attr.attr("operation", "")) {
                case "set" -> set.put(name, attr.attr("value", ""));
                case "unset" -> unset.add(name);
                default -> throw new CibException(attr.position() + ": <change-attr name=\"" + name
                        + "\">: operation must be set or unset");
            }
        }
        XmlElement result = change.child("change-result")
                .flatMap(r -> r.children().stream().findFirst())
                .orElse(null);
        if (result == null) {
            throw new CibException(change.position() + ": <change operation=\"modify\" path=\"" + path
                    + "\">: missing <change-result> with the element's attributes");
        }
        return new Modify(path, set, unset, result.attributes());
    }

    private static int position(XmlElement change) {
        String value = required(change, "position");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CibException(change.position() + ": <change position=\"" + value + "\">: not a whole number");
        }
    }

    private static String required(XmlElement element, String attribute) {
        String value = element.attr(attribute);
        if (value == null) {
            throw new CibException(element.position() + ": <" + element.name() + ">: missing " + attribute);
        }
        return value;
    }
}
