package org.pacer.executor;

import org.pacer.cib.OpDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/**
 * The digest is checked against Pacemaker's own: every {@code lrm_rsc_op} of the shared cases that
 * crm_simulate wrote (so with the case's current configuration) must match, and the escaping against
 * digests crm_simulate 2.1.5 computed for parameters holding special characters.
 */
class OpDigestTest {

    @Test
    void digestsOfTheSharedCasesMatchPacemakers() throws IOException {
        Path cases = Path.of(System.getProperty("pacer.shared.dir", "../../shared"), "scheduler-cases", "xml");
        assumeTrue(Files.isDirectory(cases), "skipped: no shared scheduler cases at " + cases);
        int simulated = 0;
        int simulatedMatches = 0;
        int all = 0;
        int allMatches = 0;
        int restarts = 0;
        int restartMatches = 0;
        int secures = 0;
        int secureMatches = 0;
        List<String> mismatches = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(cases)) {
            files = list.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        for (Path file : files) {
            XmlElement cib = new XmlParser().parse(file);
            Map<String, XmlElement> primitives = new HashMap<>();
            cib.descendantsAndSelf().filter(e -> e.name().equals("primitive")).forEach(p -> primitives.put(p.id(), p));
            Long defaultTimeout = cib.path("configuration", "op_defaults").flatMap(d -> nvpair(d, "meta_attributes", "timeout"))
                    .map(v -> Durations.parse(v).toMillis()).orElse(null);
            for (XmlElement lrmResource : cib.descendantsAndSelf().filter(e -> e.name().equals("lrm_resource")).toList()) {
                XmlElement primitive = primitives.get(lrmResource.id().split(":")[0]);
                if (primitive == null) {
                    continue; // an orphan: its parameters are no longer in the configuration
                }
                for (XmlElement op : lrmResource.children("lrm_rsc_op")) {
                    String expected = op.attr("op-digest");
                    if (expected == null) {
                        continue;
                    }
                    long interval = Long.parseLong(op.attr("interval", "0"));
                    String actual = OpDigest.of(params(primitive), interval, timeout(primitive, op, interval, defaultTimeout));
                    boolean match = actual.equals(expected);
                    if (match && op.attr("op-restart-digest") != null && op.attr("op-force-restart") != null) {
                        restarts++;
                        boolean restartMatch = OpDigest.restart(params(primitive), OpDigest.nameList(op.attr("op-force-restart")))
                                .equals(op.attr("op-restart-digest"));
                        restartMatches += restartMatch ? 1 : 0;
                        if (!restartMatch && !olderThan31(op.attr("crm_feature_set", "0"))) {
                            mismatches.add(file.getFileName() + " " + op.id() + " (restart digest)");
                        }
                    }
                    if (match && op.attr("op-secure-digest") != null && op.attr("op-secure-params") != null) {
                        secures++;
                        secureMatches += OpDigest.secure(params(primitive), OpDigest.nameList(op.attr("op-secure-params")))
                                .equals(op.attr("op-secure-digest")) ? 1 : 0;
                    }
                    all++;
                    allMatches += match ? 1 : 0;
                    if ("crm_simulate".equals(op.attr("crm-debug-origin"))) {
                        simulated++;
                        simulatedMatches += match ? 1 : 0;
                        if (!match) {
                            mismatches.add(file.getFileName() + " " + op.id());
                        }
                    }
                }
            }
        }
        System.out.printf("op-digest: %d/%d entries written by crm_simulate match, %d/%d of all entries "
                + "(the others were recorded under older configurations or feature sets)%n",
                simulatedMatches, simulated, allMatches, all);
        System.out.printf("op-restart-digest: %d/%d, op-secure-digest: %d/%d (entries whose op-digest matches)%n",
                restartMatches, restarts, secureMatches, secures);
        assertThat(restarts).isGreaterThan(500);
        assertThat((double) restartMatches / restarts).isGreaterThan(0.99); // the few others: feature sets before 3.1
        assertThat(secures).isGreaterThan(500);
        assertThat(secureMatches).isEqualTo(secures);
        assertThat(simulated).isGreaterThan(500);
        assertThat(mismatches).isEmpty();
        assertThat((double) allMatches / all).isGreaterThan(0.9);
    }

    private static boolean olderThan31(String featureSet) {
        String[] parts = featureSet.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return major < 3 || (major == 3 && minor < 1);
    }

    private static Map<String, String> params(XmlElement primitive) {
        Map<String, String> params = new LinkedHashMap<>();
        for (XmlElement set : primitive.children("instance_attributes")) {
            for (XmlElement nv : set.children("nvpair")) {
                params.putIfAbsent(nv.attr("name"), nv.attr("value", ""));
            }
        }
        return params;
    }

    private static long timeout(XmlElement primitive, XmlElement op, long interval, Long defaultTimeout) {
        for (XmlElement configured : primitive.path("operations").map(o -> o.children("op")).orElse(List.of())) {
            if (configured.attr("name").equals(op.attr("operation"))
                    && Durations.parse(configured.attr("interval", "0")).toMillis() == interval
                    && configured.attr("timeout") != null) {
                return Durations.parse(configured.attr("timeout")).toMillis();
            }
        }
        return defaultTimeout != null ? defaultTimeout : 20000;
    }

    private static java.util.Optional<String> nvpair(XmlElement parent, String set, String name) {
        return parent.children(set).stream().flatMap(s -> s.children("nvpair").stream())
                .filter(nv -> name.equals(nv.attr("name"))).map(nv -> nv.attr("value")).findFirst();
    }

    @Test
    void escapingFollowsPacemaker() {
        // Digests crm_simulate (Pacemaker 2.1.5) recorded for a probe of a primitive with one parameter zeta.
        assertThat(OpDigest.of(Map.of("zeta", "x"), 0, 20000)).isEqualTo("25249557d15e6773b0730abc0190aa94");
        assertThat(OpDigest.of(Map.of("zeta", "a&b"), 0, 20000)).isEqualTo("12f89fa3e6f238e5e51b26fb527c87d6");
        assertThat(OpDigest.of(Map.of("zeta", "a<b"), 0, 20000)).isEqualTo("f57dd4c94ade4b14fe762cea7fb3d99c");
        assertThat(OpDigest.of(Map.of("zeta", "a>b"), 0, 20000)).isEqualTo("3786abd5cbf68d870edad765212f77e2");
        assertThat(OpDigest.of(Map.of("zeta", "a\"b"), 0, 20000)).isEqualTo("0ac737fdf9c6753d4ddbeb2bb6c155d4");
        assertThat(OpDigest.of(Map.of("zeta", "a'b"), 0, 20000)).isEqualTo("260cdf954453444a84f374be259f723e");
        assertThat(OpDigest.of(Map.of("zeta", "a\nb"), 0, 20000)).isEqualTo("89e69de18a4c3560bc09bb4d7ae74ed7");
        assertThat(OpDigest.of(Map.of("zeta", "a\rb"), 0, 20000)).isEqualTo("a17d31cca3592e141ddbb67799696884");
        assertThat(OpDigest.of(Map.of("zeta", "a\tb"), 0, 20000)).isEqualTo("0b2bb602b6fc0af8b9ab7e06790c167f");
        assertThat(OpDigest.of(Map.of("zeta", "é"), 0, 20000)).isEqualTo("7285ea73e4b50a92e8d6a2d14d6a6c7b");
        assertThat(OpDigest.of(Map.of("zeta", ""), 0, 20000)).isEqualTo("72ad402f00651c66667bf80e71b5c04a");
        // Names sort by bytes: B < _u < a.
        assertThat(OpDigest.of(Map.of("a", "1", "B", "2", "_u", "3"), 0, 20000)).isEqualTo("51761158c38e7a476594e16bdfcebbdf");
    }

    @Test
    void recurringOperationsAddTheirTimeoutAndMetaAttributesAreLeftOut() {
        assertThat(OpDigest.of(Map.of(), 0, 20000)).isEqualTo("f2317cad3d54cec5d7d7aa7d0bf35cf8");
        assertThat(OpDigest.of(Map.of("CRM_meta_name", "x", "crm_feature_set", "3.0.7"), 0, 20000))
                .isEqualTo("f2317cad3d54cec5d7d7aa7d0bf35cf8");
        assertThat(OpDigest.of(Map.of(), 60000, 20000)).isEqualTo("4811cef7f7f94e3a35a70be7916cb2fd");
    }
}
