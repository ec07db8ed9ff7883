package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Diff then apply gives the target exactly, on random trees with the awkward cases CIBs rarely have:
 * id-less and duplicate-id siblings, reordered attributes and children, text, quotes in ids.
 */
class CibDiffPropertiesTest {
    private static final List<String> NAMES = List.of("x", "y", "z");
    private static final List<String> IDS = List.of("a", "b", "c", "it's", "q\"o", "both'\"", "sl/ash]");
    private static final List<String> ATTRS = List.of("k", "l", "m", "n");
    private static final List<String> VALUES = List.of("1", "2", "", "<&>", "two words", "line\nbreak", "'\"");

    record Pair(XmlElement old, XmlElement updated) {
    }

    @Provide
    Arbitrary<Pair> pairs() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            XmlElement old = root(random, new CibVersion(random.nextInt(3), random.nextInt(3), random.nextInt(3)));
            XmlElement updated = random.nextInt(8) == 0
                    ? root(random, CibVersion.of(old).nextEpoch())
                    : CibVersion.of(old).nextUpdate().applyTo(mutate(old, random, 0));
            return new Pair(old, updated);
        });
    }

    @Property(tries = 300)
    void applyingTheDiffGivesTheTargetExactly(@ForAll("pairs") Pair pair) {
        CibPatch patch = CibDiff.between(pair.old(), pair.updated());
        XmlElement result = patch.applyTo(pair.old());
        assertThat(result).isEqualTo(pair.updated());
        assertThat(orderOf(result)).isEqualTo(orderOf(pair.updated()));
    }

    @Property(tries = 200)
    void thePatchSurvivesItsXmlForm(@ForAll("pairs") Pair pair) {
        CibPatch patch = CibDiff.between(pair.old(), pair.updated());
        String xml = XmlWriter.toDocument(patch.toXml());
        CibPatch read = CibPatch.fromXml(new XmlParser().parse(xml, "patch.xml"));
        assertThat(read).isEqualTo(patch);
        assertThat(read.applyTo(pair.old())).isEqualTo(pair.updated());
    }

    @Property(tries = 100)
    void aPatchIsRefusedOnAnyOtherVersion(@ForAll("pairs") Pair pair,
                                          @ForAll("otherVersions") CibVersion other) {
        CibPatch patch = CibDiff.between(pair.old(), pair.updated());
        if (other.equals(patch.source())) {
            return;
        }
        XmlElement elsewhere = other.applyTo(pair.old());
        assertThatThrownBy(() -> patch.applyTo(elsewhere))
                .isInstanceOf(CibException.class)
                .hasMessageContaining("it is for CIB version " + patch.source())
                .hasMessageContaining("the CIB is at " + other);
    }

    @Provide
    Arbitrary<CibVersion> otherVersions() {
        return Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.longs().between(0, 3),
                Arbitraries.longs().between(0, 3)).as(CibVersion::new);
    }

    /** Attribute order of every element, depth first: equality of maps alone would not see a reorder. */
    private static List<List<String>> orderOf(XmlElement element) {
        return element.descendantsAndSelf().map(e -> List.copyOf(e.attributes().keySet())).toList();
    }

    private static XmlElement root(Random random, CibVersion version) {
        List<XmlElement> children = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            children.add(element(random, 1));
        }
        return version.applyTo(XmlElement.of("cib", Map.of("validate-with", "pacemaker-3.0"), children));
    }

    private static XmlElement element(Random random, int depth) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (random.nextInt(4) != 0) {
            attributes.put("id", pick(random, IDS));
        }
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            attributes.put(pick(random, ATTRS), pick(random, VALUES));
        }
        List<XmlElement> children = new ArrayList<>();
        if (depth < 4) {
            int childCount = random.nextInt(4);
            for (int i = 0; i < childCount; i++) {
                children.add(element(random, depth + 1));
            }
        }
        String text = children.isEmpty() && random.nextInt(6) == 0 ? pick(random, List.of("t", "u v")) : null;
        return XmlElement.of(pick(random, NAMES), attributes, children, text, null);
    }

    private static XmlElement mutate(XmlElement element, Random random, int depth) {
        XmlElement result = element;
        if (depth > 0 && random.nextInt(5) == 0) {
            result = result.withAttributes(mutateAttributes(result.attributes(), random));
        }
        if (depth > 0 && result.children().isEmpty() && random.nextInt(10) == 0) {
            result = result.withText(random.nextBoolean() ? null : "changed");
        }
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement child : result.children()) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                continue;
            }
            children.add(roll < 4 ? child : mutate(child, random, depth + 1));
        }
        if (children.size() > 1 && random.nextInt(4) == 0) {
            children.add(random.nextInt(children.size()), children.remove(random.nextInt(children.size())));
        }
        if (random.nextInt(4) == 0) {
            children.add(random.nextInt(children.size() + 1), element(random, depth + 1));
        }
        return result.withChildren(children);
    }

    private static Map<String, String> mutateAttributes(Map<String, String> attributes, Random random) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(attributes.entrySet());
        switch (random.nextInt(4)) {
            case 0 -> entries.add(Map.entry(pick(random, ATTRS), pick(random, VALUES)));
            case 1 -> {
                if (!entries.isEmpty()) {
                    entries.remove(random.nextInt(entries.size()));
                }
            }
            case 2 -> java.util.Collections.reverse(entries);
            default -> {
                if (!entries.isEmpty()) {
                    int i = random.nextInt(entries.size());
                    entries.set(i, Map.entry(entries.get(i).getKey(), pick(random, VALUES)));
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        entries.forEach(e -> result.putIfAbsent(e.getKey(), e.getValue()));
        return result;
    }

    private static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
