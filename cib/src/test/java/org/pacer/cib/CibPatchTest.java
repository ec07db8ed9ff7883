package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CibPatchTest {
    private final XmlParser parser = new XmlParser();

    private XmlElement resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return parser.parse(in.readAllBytes(), name);
        }
    }

    @Test
    void appliesThePatchCrmDiffWrote() throws IOException {
        CibPatch patch = CibPatch.fromXml(resource("patch-crm_diff.xml"));
        assertThat(patch.applyTo(resource("patch-old.xml"))).isEqualTo(resource("patch-new.xml"));
    }

    @Test
    void writesTheChangesCrmDiffDoesForTheSameEditWithoutItsRedundantMove() throws IOException {
        CibPatch ours = CibDiff.between(resource("patch-old.xml"), resource("patch-new.xml"));
        CibPatch theirs = CibPatch.fromXml(resource("patch-crm_diff.xml"));
        assertThat(ours.source()).isEqualTo(theirs.source());
        assertThat(ours.target()).isEqualTo(theirs.target());
        // crm_diff also moves b to where it already is once c has moved; otherwise the changes are the same.
        assertThat(theirs.changes()).containsAll(ours.changes());
        assertThat(ours.changes()).hasSize(theirs.changes().size() - 1);
    }

    @Test
    void aSmallChangeToALargeCibIsASmallPatch() {
        Path cases = sharedCases();
        XmlElement big = parser.parse(cases.resolve("xml/remote-connection-shutdown.xml"));
        XmlElement nvpair = big.descendantsAndSelf().filter(e -> e.name().equals("nvpair")).findFirst().orElseThrow();
        XmlElement changed = CibVersion.of(big).nextEpoch().applyTo(replace(big, nvpair,
                nvpair.withAttribute("value", "changed")));

        CibPatch patch = CibDiff.between(big, changed);
        String xml = XmlWriter.toCompactXml(patch.toXml());

        assertThat(patch.changes()).hasSize(2); // the version on <cib>, the nvpair
        assertThat(xml.length()).isLessThan(1200);
        assertThat(XmlWriter.toCompactXml(big).length()).isGreaterThan(100_000);
        assertThat(patch.applyTo(big)).isEqualTo(changed);
    }

    @Test
    void anEmptyDiffIsAnEmptyPatch() throws IOException {
        XmlElement cib = resource("patch-old.xml");
        CibPatch patch = CibDiff.between(cib, cib);
        assertThat(patch.isEmpty()).isTrue();
        assertThat(patch.applyTo(cib)).isEqualTo(cib);
    }

    @Test
    void refusesAPatchForAnotherVersion() throws IOException {
        CibPatch patch = CibPatch.fromXml(resource("patch-crm_diff.xml"));
        XmlElement newer = resource("patch-new.xml");
        assertThatThrownBy(() -> patch.applyTo(newer))
                .isInstanceOf(CibException.class)
                .hasMessage("patch does not apply: it is for CIB version 0.5.2 but the CIB is at 0.6.0"
                        + " (patch target 0.6.0)");
    }

    @Test
    void refusesAChangeThatNamesAMissingElement() throws IOException {
        XmlElement old = resource("patch-old.xml");
        CibPatch patch = new CibPatch(CibVersion.of(old), CibVersion.of(old), List.of(new CibPatch.Delete(
                ElementPath.parse("/cib/configuration/resources/primitive[@id='nope']"))));
        assertThatThrownBy(() -> patch.applyTo(old))
                .isInstanceOf(CibException.class)
                .hasMessageContaining("no element at /cib/configuration/resources/primitive[@id='nope']");
    }

    @Test
    void refusesAPositionOutOfRange() throws IOException {
        XmlElement old = resource("patch-old.xml");
        CibPatch patch = new CibPatch(CibVersion.of(old), CibVersion.of(old), List.of(new CibPatch.Create(
                ElementPath.parse("/cib/configuration/constraints"), 3, XmlElement.of("rsc_order", Map.of()))));
        assertThatThrownBy(() -> patch.applyTo(old))
                .isInstanceOf(CibException.class)
                .hasMessageContaining("position 3 is out of range 0..0");
    }

    @Test
    void readingBadPatchesNamesTheProblem() {
        assertThatThrownBy(() -> CibPatch.fromXml(parser.parse("<cib/>", "p.xml")))
                .hasMessage("p.xml:1:7: <cib>: not a patch (expected <diff>)");
        assertThatThrownBy(() -> CibPatch.fromXml(parser.parse("<diff format=\"1\"/>", "p.xml")))
                .hasMessageContaining("only format 2 patches are supported");
        assertThatThrownBy(() -> CibPatch.fromXml(parser.parse(
                "<diff format=\"2\"><version><source/><target/></version>"
                        + "<change operation=\"move\" path=\"/cib/x[oops]\" position=\"0\"/></diff>", "p.xml")))
                .hasMessageContaining("unsupported predicate '[oops]'");
        assertThatThrownBy(() -> CibPatch.fromXml(parser.parse(
                "<diff format=\"2\"><version><source/><target/></version>"
                        + "<change operation=\"rename\" path=\"/cib\"/></diff>", "p.xml")))
                .hasMessageContaining("unknown operation");
    }

    @Test
    void pathsNameDuplicatesByPosition() {
        XmlElement root = XmlElement.of("cib", Map.of(), List.of(
                XmlElement.of("op", Map.of()), XmlElement.of("op", Map.of("id", "a")),
                XmlElement.of("op", Map.of("id", "a")), XmlElement.of("op", Map.of())));
        List<String> steps = List.of(0, 1, 2, 3).stream()
                .map(i -> ElementPath.stepFor(root.children(), i).toString()).toList();
        assertThat(steps).containsExactly("op", "op[@id='a']", "op[@id='a'][2]", "op[4]");
        assertThat(ElementPath.parse("/cib/op[@id='a'][2]").toString()).isEqualTo("/cib/op[@id='a'][2]");
    }

    private static XmlElement replace(XmlElement in, XmlElement old, XmlElement replacement) {
        if (in == old) {
            return replacement;
        }
        return in.withChildren(in.children().stream().map(c -> replace(c, old, replacement)).toList());
    }

    static Path sharedCases() {
        String shared = System.getProperty("pacer.shared.dir");
        Path cases = shared == null ? null : Path.of(shared, "scheduler-cases");
        Assumptions.assumeTrue(cases != null && Files.isDirectory(cases.resolve("xml")),
                "skipped: the shared scheduler cases are not at " + cases + " (set pacer.shared.dir)");
        return cases;
    }
}
