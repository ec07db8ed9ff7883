package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pacemaker's crm_diff (black box, when installed) applies our patches, and we apply its patches, to get
 * the same document, on random CIB-like trees whose elements all have unique ids, as real CIBs do.
 */
class CrmDiffCompatibilityTest {
    private static final int TREES = 8;

    @TempDir
    Path dir;

    private int nextId;

    @Test
    void crmDiffAndPacerAgreeOnPatches() throws Exception {
        Assumptions.assumeTrue(crmDiffInstalled(), "skipped: crm_diff (pacemaker-cli-utils) is not installed");
        long seed = Long.getLong("pacer.crmdiff.seed", System.nanoTime());
        Random random = new Random(seed);
        XmlParser parser = new XmlParser();
        for (int i = 0; i < TREES; i++) {
            XmlElement old = root(random, 1);
            XmlElement updated = CibVersion.of(old).nextEpoch().applyTo(mutate(old, random, 0));
            Path oldFile = write("old.xml", old);
            Path newFile = write("new.xml", updated);
            String context = "seed " + seed + " (rerun with -Dpacer.crmdiff.seed=" + seed + "), tree " + i;

            Path ours = write("ours.xml", CibDiff.between(old, updated).toXml());
            XmlElement appliedByPacemaker = parser.parse(crmDiff("-o", oldFile, "-p", ours), "crm_diff -p");
            assertThat(appliedByPacemaker).as("crm_diff applies our patch, " + context).isEqualTo(updated);

            CibPatch theirs = CibPatch.fromXml(parser.parse(crmDiff("-o", oldFile, "-n", newFile), "crm_diff -n"));
            assertThat(CibDiff.identical(theirs.applyTo(old), updated)).as("we apply crm_diff's patch, " + context)
                    .isTrue();
        }
    }

    private static boolean crmDiffInstalled() {
        try {
            Process process = new ProcessBuilder("crm_diff", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String crmDiff(String option, Path original, String mode, Path other) throws Exception {
        Path errors = dir.resolve("crm_diff.err");
        Process process = new ProcessBuilder("crm_diff", option, original.toString(), mode, other.toString())
                .redirectError(errors.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // crm_diff exits 1 when it found differences, 0 when it applied a patch.
        assertThat(process.exitValue()).as(Files.readString(errors)).isIn(0, 1);
        return new String(out, StandardCharsets.UTF_8);
    }

    private Path write(String name, XmlElement element) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, XmlWriter.toDocument(element));
        return file;
    }

    private XmlElement root(Random random, int depth) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("crm_feature_set", "3.16.1");
        List<XmlElement> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            children.add(element(random, depth));
        }
        return new CibVersion(0, 1, 0).applyTo(XmlElement.of("cib", attributes,
                List.of(XmlElement.of("configuration", Map.of(), children))));
    }

    private XmlElement element(Random random, int depth) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("id", "i" + nextId++);
        for (String name : List.of("a", "b", "c", "d")) {
            if (random.nextInt(3) == 0) {
                attributes.put(name, Integer.toString(random.nextInt(4)));
            }
        }
        List<XmlElement> children = new ArrayList<>();
        int count = depth < 3 ? random.nextInt(5) : 0;
        for (int i = 0; i < count; i++) {
            children.add(element(random, depth + 1));
        }
        return XmlElement.of(List.of("x", "y", "z").get(random.nextInt(3)), attributes, children);
    }

    private XmlElement mutate(XmlElement element, Random random, int depth) {
        XmlElement result = element;
        if (depth > 1 && random.nextInt(5) == 0) {
            String name = List.of("a", "b", "c", "d").get(random.nextInt(4));
            result = result.withAttribute(name, random.nextBoolean() ? null : Integer.toString(random.nextInt(6)));
        }
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement child : result.children()) {
            int roll = random.nextInt(10);
            if (roll != 0) {
                children.add(mutate(child, random, depth + 1));
            }
        }
        if (children.size() > 1 && random.nextInt(3) == 0) {
            children.add(random.nextInt(children.size()), children.remove(random.nextInt(children.size())));
        }
        if (depth > 0 && random.nextInt(4) == 0) {
            children.add(random.nextInt(children.size() + 1), element(random, 2));
        }
        return result.withChildren(children);
    }
}
