package org.pacer.cib.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.pacer.cib.CibDiff;
import org.pacer.cib.CibPatch;
import org.pacer.cib.CibStore;
import org.pacer.cib.CibVerifier;
import org.pacer.cib.CibVersion;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

/**
 * Measures the CIB library on the shared scheduler cases: patch size for a one-attribute status update
 * (what replication ships most), diff and apply time, verify time, and CibStore save latency.
 * Run with bench/cib-bench.sh.
 */
public final class CibBench {
    private CibBench() {
    }

    public static void main(String[] args) throws Exception {
        Path cases = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(cases)) {
            files = listing.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        XmlParser parser = new XmlParser();
        List<XmlElement> cibs = new ArrayList<>();
        long start = System.nanoTime();
        for (Path file : files) {
            cibs.add(parser.parse(file));
        }
        System.out.printf("parse: %d files in %d ms%n", files.size(), ms(start));

        start = System.nanoTime();
        int problems = 0;
        for (XmlElement cib : cibs) {
            problems += CibVerifier.verify(cib).size();
        }
        System.out.printf("verify: %d files in %d ms, %d problems%n", cibs.size(), ms(start), problems);

        XmlElement largest = cibs.get(0);
        long largestBytes = 0;
        long[] patchBytes = new long[cibs.size()];
        long[] cibBytes = new long[cibs.size()];
        start = System.nanoTime();
        for (int i = 0; i < cibs.size(); i++) {
            XmlElement cib = cibs.get(i);
            XmlElement updated = oneStatusUpdate(cib);
            CibPatch patch = CibDiff.between(cib, updated);
            if (!patch.applyTo(cib).equals(updated)) {
                throw new AssertionError(files.get(i) + ": patch does not give the target");
            }
            patchBytes[i] = XmlWriter.toCompactXml(patch.toXml()).length();
            cibBytes[i] = XmlWriter.toCompactXml(cib).length();
            if (cibBytes[i] > largestBytes) {
                largest = cib;
                largestBytes = cibBytes[i];
            }
        }
        System.out.printf("one status update, diff+apply+check on every case: %d ms total%n", ms(start));
        System.out.printf("  patch bytes: median %d, max %d; CIB bytes: median %d, max %d%n",
                median(patchBytes), max(patchBytes), median(cibBytes), max(cibBytes));

        XmlElement updated = oneStatusUpdate(largest);
        int rounds = 200;
        CibPatch patch = null;
        for (int warm = 0; warm < 50; warm++) {
            patch = CibDiff.between(largest, updated);
            patch.applyTo(largest);
        }
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            patch = CibDiff.between(largest, updated);
        }
        long diffMicros = (System.nanoTime() - start) / 1000 / rounds;
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            patch.applyTo(largest);
        }
        long applyMicros = (System.nanoTime() - start) / 1000 / rounds;
        System.out.printf("largest CIB (%d bytes): diff %d us, apply %d us, patch %d bytes%n",
                XmlWriter.toCompactXml(largest).length(), diffMicros, applyMicros,
                XmlWriter.toCompactXml(patch.toXml()).length());

        Path folder = Files.createTempDirectory("cib-bench");
        CibStore store = new CibStore(folder, 5);
        int saves = 50;
        long[] saveMicros = new long[saves];
        XmlElement version = largest;
        for (int i = 0; i < saves; i++) {
            version = CibVersion.of(version).nextUpdate().applyTo(version);
            long t = System.nanoTime();
            store.save(version);
            saveMicros[i] = (System.nanoTime() - t) / 1000;
        }
        start = System.nanoTime();
        store.load();
        System.out.printf("CibStore on %s, largest CIB: save p50 %d us, max %d us; load %d ms%n", folder,
                median(saveMicros), max(saveMicros), ms(start));
    }

    /** The CIB with one operation's call-id changed and num_updates bumped, like a recorded monitor result. */
    private static XmlElement oneStatusUpdate(XmlElement cib) {
        XmlElement[] done = {null};
        XmlElement changed = rewriteFirst(cib, "lrm_rsc_op", op -> op.withAttribute("call-id", "99999"), done);
        if (done[0] == null) {
            changed = cib.withAttribute("dc-uuid", "bench");
        }
        return CibVersion.of(cib).nextUpdate().applyTo(changed);
    }

    private static XmlElement rewriteFirst(XmlElement element, String name,
                                           java.util.function.UnaryOperator<XmlElement> change, XmlElement[] done) {
        if (done[0] != null) {
            return element;
        }
        if (element.name().equals(name)) {
            done[0] = element;
            return change.apply(element);
        }
        List<XmlElement> children = new ArrayList<>();
        boolean any = false;
        for (XmlElement child : element.children()) {
            XmlElement rewritten = rewriteFirst(child, name, change, done);
            any |= rewritten != child;
            children.add(rewritten);
        }
        return any ? element.withChildren(children) : element;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
