package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every Pacemaker scheduler case in the shared folder parses, writes and re-parses to the same tree (attribute
 * order included), verifies clean, and survives a diff and patch to its configuration-only form and back.
 */
class SharedCasesTest {
    @Test
    void everyCaseRoundTripsVerifiesAndPatches() throws IOException {
        Path xml = CibPatchTest.sharedCases().resolve("xml");
        List<Path> files;
        try (Stream<Path> listing = Files.list(xml)) {
            files = listing.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        XmlParser parser = new XmlParser();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            XmlElement cib = parser.parse(file);
            XmlElement again = parser.parse(XmlWriter.toDocument(cib), file + " (rewritten)");
            if (!CibDiff.identical(cib, again)) {
                failures.add(file.getFileName() + ": differs after write and re-parse");
            }
            CibVerifier.verify(cib).forEach(problem -> failures.add(problem.toString()));

            XmlElement withoutStatus = CibVersion.of(cib).nextUpdate()
                    .applyTo(cib.withoutChildren(e -> e.name().equals("status")));
            CibPatch forth = CibDiff.between(cib, withoutStatus);
            CibPatch back = CibDiff.between(withoutStatus, cib);
            if (!CibDiff.identical(forth.applyTo(cib), withoutStatus)
                    || !CibDiff.identical(back.applyTo(withoutStatus), cib)) {
                failures.add(file.getFileName() + ": diff and patch do not give the target");
            }
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(400);
        assertThat(failures).isEmpty();
    }
}
