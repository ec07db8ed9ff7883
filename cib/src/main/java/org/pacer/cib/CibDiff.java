package org.pacer.cib;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the {@link CibPatch} that turns one CIB into another. Children are matched by element name and
 * id (the k-th such child of the old parent with the k-th of the new one); unmatched old elements are
 * deleted, unmatched new ones created with their subtree, matched ones modified and moved in place. Each
 * change's path is computed on the document as the earlier changes leave it, so applying the patch
 * replays exactly these steps. An element whose own text changed is replaced, since the v2 format has no
 * text change.
 */
public final class CibDiff {
    private CibDiff() {
    }

    /** The patch from {@code from} to {@code to}; both must have the same root element name and text. */
    public static CibPatch between(XmlElement from, XmlElement to) {
        if (!from.name().equals(to.name()) || !Objects.equals(from.text(), to.text())) {
            throw new CibException("cannot diff <" + from.name() + "> against <" + to.name()
                    + ">: the root elements differ in name or text");
        }
        List<CibPatch.Change> changes = new ArrayList<>();
        WorkingTree tree = new WorkingTree(from);
        deletions(tree.root(), to, changes);
        updates(tree.root(), to, changes);
        return new CibPatch(CibVersion.of(from), CibVersion.of(to), changes);
    }

    /** Deletes every old child without a partner in the new tree; records the partners of the others. */
    private static void deletions(WorkingTree.Node node, XmlElement target, List<CibPatch.Change> changes) {
        if (node.element().children().isEmpty() || identical(node.element().children(), target.children())) {
            return;
        }
        List<WorkingTree.Node> children = new ArrayList<>(node.children());
        int[] partners = match(node.element().children(), target.children());
        for (int i = 0; i < children.size(); i++) {
            WorkingTree.Node child = children.get(i);
            if (partners[i] < 0) {
                changes.add(new CibPatch.Delete(child.path()));
                child.remove();
            } else {
                child.partner = partners[i];
            }
        }
        for (WorkingTree.Node child : node.children()) {
            deletions(child, target.children().get(child.partner), changes);
        }
    }

    /** Brings the attributes and the children of a matched node to the target's, depth first. */
    private static void updates(WorkingTree.Node node, XmlElement target, List<CibPatch.Change> changes) {
        if (!sameAttributesInOrder(node.element().attributes(), target.attributes())) {
            changes.add(modification(node.path(), node.element().attributes(), target.attributes()));
            node.setAttributes(target.attributes());
        }
        if (identical(node.element().children(), target.children())) {
            return;
        }
        WorkingTree.Node[] byTargetIndex = new WorkingTree.Node[target.children().size()];
        for (WorkingTree.Node child : node.children()) {
            byTargetIndex[child.partner] = child;
        }
        for (int i = 0; i < byTargetIndex.length; i++) {
            WorkingTree.Node child = byTargetIndex[i];
            XmlElement wanted = target.children().get(i);
            if (child == null) {
                changes.add(new CibPatch.Create(node.path(), i, wanted));
                node.insert(i, wanted);
                continue;
            }
            if (child.index() != i) {
                changes.add(new CibPatch.Move(child.path(), i));
                child.moveTo(i);
            }
            if (!identical(child.element(), wanted)) {
                updates(child, wanted, changes);
            }
        }
    }

    /**
     * For each old child, the index of its partner among the new children or -1. Partners have the same
     * name, id and own text; among several such, the k-th old one pairs with the k-th new one.
     */
    private static int[] match(List<XmlElement> old, List<XmlElement> wanted) {
        Map<String, List<Integer>> waiting = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            waiting.computeIfAbsent(key(wanted.get(i)), k -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> used = new HashMap<>();
        int[] partners = new int[old.size()];
        for (int i = 0; i < old.size(); i++) {
            String key = key(old.get(i));
            List<Integer> candidates = waiting.getOrDefault(key, List.of());
            int k = used.merge(key, 1, Integer::sum) - 1;
            partners[i] = -1;
            if (k < candidates.size()) {
                int partner = candidates.get(k);
                if (Objects.equals(old.get(i).text(), wanted.get(partner).text())) {
                    partners[i] = partner;
                }
            }
        }
        return partners;
    }

    private static String key(XmlElement element) {
        String id = element.id();
        return element.name() + (id == null ? "\u0000" : "\u0001" + id);
    }

    /** Equal including attribute order, which {@link XmlElement#equals} does not look at. */
    static boolean identical(XmlElement a, XmlElement b) {
        return a == b || (a.equals(b) && orderMatches(a, b));
    }

    private static boolean identical(List<XmlElement> a, List<XmlElement> b) {
        return a == b || (a.equals(b) && orderMatches(a, b));
    }

    private static boolean orderMatches(XmlElement a, XmlElement b) {
        return sameAttributesInOrder(a.attributes(), b.attributes()) && orderMatches(a.children(), b.children());
    }

    private static boolean orderMatches(List<XmlElement> a, List<XmlElement> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i) && !orderMatches(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAttributesInOrder(Map<String, String> a, Map<String, String> b) {
        return a.equals(b) && List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()));
    }

    private static CibPatch.Modify modification(ElementPath path, Map<String, String> old,
                                                Map<String, String> wanted) {
        Map<String, String> set = new LinkedHashMap<>();
        wanted.forEach((name, value) -> {
            if (!value.equals(old.get(name))) {
                set.put(name, value);
            }
        });
        List<String> unset = new ArrayList<>();
        for (String name : old.keySet()) {
            if (!wanted.containsKey(name)) {
                unset.add(name);
            }
        }
        return new CibPatch.Modify(path, set, unset, wanted);
    }
}
