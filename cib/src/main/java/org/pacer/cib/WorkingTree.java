package org.pacer.cib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mutable copy of an {@link XmlElement} tree that a patch is applied to, one change at a time. Only the
 * elements a change touches are copied; untouched subtrees stay the original immutable elements, so
 * applying a small patch to a large CIB costs little. Confined to the thread applying or computing one patch.
 */
final class WorkingTree {
    private final Node root;

    WorkingTree(XmlElement root) {
        this.root = new Node(root, null);
    }

    /** One element: either still its original (never expanded) or with its own mutable child list. */
    static final class Node {
        private XmlElement element;
        private List<Node> children;
        private Node parent;
        /** During a diff: the index of the matching child in the new tree's parent, or -1. */
        int partner = -1;

        Node(XmlElement element, Node parent) {
            this.element = element;
            this.parent = parent;
        }

        XmlElement element() {
            return element;
        }

        String name() {
            return element.name();
        }

        List<Node> children() {
            if (children == null) {
                children = new ArrayList<>();
                for (XmlElement child : element.children()) {
                    children.add(new Node(child, this));
                }
            }
            return children;
        }

        void setAttributes(Map<String, String> attributes) {
            element = element.withAttributes(attributes);
        }

        Node insert(int position, XmlElement child) {
            Node node = new Node(child, this);
            children().add(position, node);
            return node;
        }

        void remove() {
            parent.children().remove(this);
            parent = null;
        }

        void moveTo(int position) {
            List<Node> siblings = parent.children();
            siblings.remove(this);
            siblings.add(position, this);
        }

        Node parent() {
            return parent;
        }

        int siblingCount() {
            return parent.children().size();
        }

        int index() {
            return parent.children().indexOf(this);
        }

        /** The step that names this node among its current siblings. */
        ElementPath.Step step() {
            if (parent == null) {
                return ElementPath.stepFor(List.of(element), 0);
            }
            List<Node> siblings = parent.children();
            List<XmlElement> elements = new ArrayList<>(siblings.size());
            for (Node sibling : siblings) {
                elements.add(sibling.element);
            }
            return ElementPath.stepFor(elements, siblings.indexOf(this));
        }

        ElementPath path() {
            List<ElementPath.Step> steps = new ArrayList<>();
            for (Node at = this; at != null; at = at.parent) {
                steps.add(0, at.step());
            }
            return new ElementPath(steps);
        }

        XmlElement toElement() {
            if (children == null) {
                return element;
            }
            List<XmlElement> built = new ArrayList<>(children.size());
            for (Node child : children) {
                built.add(child.toElement());
            }
            return element.withChildren(built);
        }
    }

    Node root() {
        return root;
    }

    /** The node a path names, or a CibException naming the first step that matches nothing. */
    Node resolve(ElementPath path) {
        List<ElementPath.Step> steps = path.steps();
        Node at = match(List.of(root), steps.get(0), path);
        for (int i = 1; i < steps.size(); i++) {
            at = match(at.children(), steps.get(i), path);
        }
        return at;
    }

    private static Node match(List<Node> candidates, ElementPath.Step step, ElementPath path) {
        int seen = 0;
        for (Node candidate : candidates) {
            if (step.matches(candidate.element)) {
                seen++;
                if (seen == step.position()) {
                    return candidate;
                }
            }
        }
        throw new CibException("patch does not apply: no element at " + path + " (step '" + step + "' matches "
                + (seen == 0 ? "nothing" : "only " + seen + " element" + (seen == 1 ? "" : "s")) + ")");
    }

    XmlElement toElement() {
        return root.toElement();
    }
}
