package org.pacer.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates CIBs (configuration and status) from a seed: nodes (some offline or in standby), primitives, groups
 * and clones, location/colocation/order constraints, and operation histories with running, failed and stopped
 * resources. Used by the differential test (small clusters) and the benchmark (large ones).
 */
public final class CibGenerator {
    /**
     * The shape of the cluster to generate. {@code steady} makes a cluster as it looks after running for a while
     * under a usual setup: a probe result ("not running") for every resource on every node it does not run on, and
     * a {@code resource-stickiness} of 100 in {@code rsc_defaults}. Without it the transition starts with a probe of
     * every resource on every node, and running resources move freely to balance the nodes.
     */
    public record Shape(int nodes, int primitives, int groups, int clones, int constraints, double running,
                        double failed, double offline, double standby, boolean steady) {
        public Shape(int nodes, int primitives, int groups, int clones, int constraints, double running,
                     double failed, double offline, double standby) {
            this(nodes, primitives, groups, clones, constraints, running, failed, offline, standby, false);
        }
    }

    private static final String STICKY = "<rsc_defaults><meta_attributes id=\"rsc-options\">"
            + "<nvpair id=\"rsc-options-stickiness\" name=\"resource-stickiness\" value=\"100\"/>"
            + "</meta_attributes></rsc_defaults>";

    private final Random random;
    private final Shape shape;

    public CibGenerator(Shape shape, long seed) {
        this.shape = shape;
        this.random = new Random(seed);
    }

    public String generate() {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= shape.nodes(); i++) {
            nodes.add("node" + i);
        }
        List<String> prims = new ArrayList<>();
        StringBuilder resources = new StringBuilder();
        List<String> tops = new ArrayList<>();
        int next = 0;
        for (int g = 0; g < shape.groups(); g++) {
            String gid = "grp" + g;
            tops.add(gid);
            resources.append("<group id=\"").append(gid).append("\">");
            int members = 2 + random.nextInt(2);
            for (int m = 0; m < members; m++) {
                String id = "r" + next++;
                prims.add(id);
                resources.append(primitive(id));
            }
            resources.append("</group>");
        }
        List<String> cloneBases = new ArrayList<>();
        for (int c = 0; c < shape.clones(); c++) {
            String base = "c" + c;
            cloneBases.add(base);
            tops.add(base + "-clone");
            resources.append("<clone id=\"").append(base).append("-clone\">").append(primitive(base)).append("</clone>");
        }
        while (next < shape.primitives()) {
            String id = "r" + next++;
            prims.add(id);
            tops.add(id);
            resources.append(primitive(id));
        }
        StringBuilder constraints = new StringBuilder();
        for (int i = 0; i < shape.constraints(); i++) {
            String a = tops.get(random.nextInt(tops.size()));
            String b = tops.get(random.nextInt(tops.size()));
            switch (random.nextInt(3)) {
                case 0 -> constraints.append("<rsc_location id=\"loc").append(i).append("\" rsc=\"").append(a)
                        .append("\" node=\"").append(nodes.get(random.nextInt(nodes.size()))).append("\" score=\"")
                        .append(score()).append("\"/>");
                case 1 -> {
                    if (!a.equals(b)) {
                        constraints.append("<rsc_colocation id=\"col").append(i).append("\" rsc=\"").append(a)
                                .append("\" with-rsc=\"").append(b).append("\" score=\"").append(score()).append("\"/>");
                    }
                }
                default -> {
                    if (!a.equals(b)) {
                        constraints.append("<rsc_order id=\"ord").append(i).append("\" first=\"").append(a)
                                .append("\" then=\"").append(b).append("\" kind=\"")
                                .append(random.nextBoolean() ? "Mandatory" : "Optional").append("\"/>");
                    }
                }
            }
        }
        StringBuilder status = new StringBuilder();
        StringBuilder nodeXml = new StringBuilder();
        List<StringBuilder> lrm = new ArrayList<>();
        for (String n : nodes) {
            lrm.add(new StringBuilder());
            nodeXml.append("<node id=\"").append(n).append("\" uname=\"").append(n).append("\">");
            if (random.nextDouble() < shape.standby()) {
                nodeXml.append("<instance_attributes id=\"").append(n).append("-ia\"><nvpair id=\"").append(n)
                        .append("-sb\" name=\"standby\" value=\"on\"/></instance_attributes>");
            }
            nodeXml.append("</node>");
        }
        int call = 10;
        for (String p : prims) {
            int runsOn = -1;
            if (random.nextDouble() < shape.running()) {
                runsOn = random.nextInt(nodes.size());
                boolean failed = random.nextDouble() < shape.failed();
                lrm.get(runsOn).append("<lrm_resource id=\"").append(p)
                        .append("\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">")
                        .append(op(p, "start", call++, failed ? 1 : 0, failed ? 4 : 0)).append("</lrm_resource>");
            }
            call = probes(p, runsOn, lrm, call);
        }
        for (String base : cloneBases) {
            for (int n = 0; n < nodes.size(); n++) {
                boolean running = random.nextDouble() < shape.running();
                if (running || shape.steady()) {
                    lrm.get(n).append("<lrm_resource id=\"").append(base)
                            .append("\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">")
                            .append(running ? op(base, "start", call++, 0, 0) : op(base, "monitor", call++, 7, 0))
                            .append("</lrm_resource>");
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            String n = nodes.get(i);
            boolean offline = i > 0 && random.nextDouble() < shape.offline();
            status.append("<node_state id=\"").append(n).append("\" uname=\"").append(n).append(offline
                    ? "\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\">"
                    : "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">");
            status.append("<lrm id=\"").append(n).append("\"><lrm_resources>").append(lrm.get(i))
                    .append("</lrm_resources></lrm></node_state>");
        }
        return "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"1\" have-quorum=\"1\" validate-with=\"pacemaker-3.0\">"
                + "<configuration><crm_config><cluster_property_set id=\"opts\">"
                + "<nvpair id=\"opts-stonith\" name=\"stonith-enabled\" value=\"false\"/>"
                + "</cluster_property_set></crm_config><nodes>" + nodeXml + "</nodes><resources>" + resources
                + "</resources><constraints>" + constraints + "</constraints>" + (shape.steady() ? STICKY : "")
                + "</configuration><status>" + status
                + "</status></cib>\n";
    }

    /** Records "not running" probes of {@code rsc} on every node but {@code runsOn}, when the shape asks for it. */
    private int probes(String rsc, int runsOn, List<StringBuilder> lrm, int call) {
        if (!shape.steady()) {
            return call;
        }
        for (int n = 0; n < lrm.size(); n++) {
            if (n != runsOn) {
                lrm.get(n).append("<lrm_resource id=\"").append(rsc)
                        .append("\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">")
                        .append(op(rsc, "monitor", call++, 7, 0)).append("</lrm_resource>");
            }
        }
        return call;
    }

    private String score() {
        return switch (random.nextInt(5)) {
            case 0 -> "INFINITY";
            case 1 -> "-INFINITY";
            default -> Integer.toString(random.nextInt(400) - 100);
        };
    }

    private static String primitive(String id) {
        return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>";
    }

    private static String op(String rsc, String task, int call, int rc, int status) {
        return "<lrm_rsc_op id=\"" + rsc + "_" + task + "_0\" operation=\"" + task + "\" call-id=\"" + call
                + "\" rc-code=\"" + rc + "\" op-status=\"" + status + "\" interval=\"0\" transition-key=\"1:1:0:x\""
                + " last-rc-change=\"1000\" op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"/>";
    }

    /** Writes a generated CIB: {@code nodes primitives constraints seed file [clones [steady]]}. */
    public static void main(String[] args) throws java.io.IOException {
        int nodes = Integer.parseInt(args[0]);
        int prims = Integer.parseInt(args[1]);
        int constraints = Integer.parseInt(args[2]);
        Shape shape = new Shape(nodes, prims, prims / 50, args.length > 5 ? Integer.parseInt(args[5]) : 0, constraints,
                0.6, 0.02, 0.05, 0.05, args.length > 6 && Boolean.parseBoolean(args[6]));
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[4]),
                new CibGenerator(shape, Long.parseLong(args[3])).generate());
    }
}
