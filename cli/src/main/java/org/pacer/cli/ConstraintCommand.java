package org.pacer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.pacer.cib.XmlElement;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.ConstraintEdits;
import org.pacer.cli.admin.ConstraintEdits.Kind;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer constraint location|colocation|order add|remove|list} and {@code pacer constraint list}. */
@Command(name = "constraint", mixinStandardHelpOptions = true,
        description = "Add, remove and list location, colocation and order constraints.",
        subcommands = {ConstraintCommand.Location.class, ConstraintCommand.Colocation.class,
                ConstraintCommand.Order.class, ConstraintCommand.ListAll.class},
        footer = {"", "Exit status: 0 ok, 2 usage (bad score, syntax), 3 unknown resource, node or constraint,",
                "4 refused (invalid change, no quorum, no permission), 5 no connection to pacerd."})
final class ConstraintCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int list(PrintWriter out, XmlElement cib, Kind kind, boolean json) {
        List<XmlElement> constraints = ConstraintEdits.list(cib, kind);
        if (json) {
            List<Object> list = new ArrayList<>();
            for (XmlElement c : constraints) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", c.name().substring(4));
                m.putAll(c.attributes());
                m.put("description", ConstraintEdits.describe(c));
                list.add(m);
            }
            out.println(Json.write(list));
            return ExitCode.OK;
        }
        String heading = null;
        for (XmlElement c : constraints) {
            String h = switch (c.name()) {
                case "rsc_location" -> "Location Constraints:";
                case "rsc_colocation" -> "Colocation Constraints:";
                case "rsc_order" -> "Ordering Constraints:";
                default -> "Other Constraints:";
            };
            if (!h.equals(heading)) {
                out.println(h);
                heading = h;
            }
            out.println("  " + ConstraintEdits.describe(c));
        }
        if (constraints.isEmpty()) {
            out.println("No constraints");
        }
        return ExitCode.OK;
    }

    /** The {@code remove ID} and {@code list} subcommands every kind shares. */
    abstract static class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The constraint's id (see list).")
        String id;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        abstract Kind kind();

        @Override
        public Integer call() {
            return change.apply(spec.commandLine().getOut(), "removed constraint " + id,
                    cib -> ConstraintEdits.remove(cib, kind(), id));
        }
    }

    abstract static class ListKind implements Callable<Integer> {
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        abstract Kind kind();

        @Override
        public Integer call() {
            return list(spec.commandLine().getOut(), ClusterSnapshot.read(node, false).cib(), kind(), output.json());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every constraint.",
            footer = {"", "Examples:", "  pacer constraint list", "  pacer constraint list --output json"})
    static final class ListAll extends ListKind {
        Kind kind() { return null; }
    }

    @Command(name = "location", mixinStandardHelpOptions = true, description = "Where a resource prefers or may not run.",
            subcommands = {Location.Add.class, Location.RemoveLocation.class, Location.ListLocation.class})
    static final class Location implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = {"RSC prefers NODE[=SCORE]... (default INFINITY) or RSC avoids NODE[=SCORE]...",
                        "One constraint per node, named location-RSC-NODE-SCORE unless --id is given."},
                footer = {"", "Examples:", "  pacer constraint location add web prefers node1=100",
                        "  pacer constraint location add web avoids node3", "  pacer constraint location add web prefers node2 --dry-run"})
        static final class Add implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "RSC", description = "The resource.")
            String rsc;
            @Parameters(index = "1", paramLabel = "prefers|avoids", description = "prefers or avoids.")
            String verb;
            @Parameters(index = "2..*", arity = "1..*", paramLabel = "NODE[=SCORE]", description = "Nodes and scores.")
            List<String> nodes = new ArrayList<>();
            @Option(names = "--id", paramLabel = "ID", description = "The constraint's id.")
            String id;
            @Mixin
            CibChange change;
            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                if (!Set.of("prefers", "avoids").contains(verb)) {
                    throw new CommandFailure(ExitCode.USAGE, "expected 'prefers' or 'avoids' after " + rsc + ", not '" + verb + "'");
                }
                return change.apply(spec.commandLine().getOut(), "added location constraint: " + rsc + " " + verb + " "
                        + String.join(" ", nodes), cib -> ConstraintEdits.location(cib, id, rsc, verb.equals("prefers"), nodes));
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a location constraint.",
                footer = {"", "Examples:", "  pacer constraint location remove location-web-node1-100"})
        static final class RemoveLocation extends Remove {
            Kind kind() { return Kind.LOCATION; }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List location constraints.",
                footer = {"", "Examples:", "  pacer constraint location list", "  pacer constraint location list --output json"})
        static final class ListLocation extends ListKind {
            Kind kind() { return Kind.LOCATION; }
        }
    }

    @Command(name = "colocation", mixinStandardHelpOptions = true, description = "Which resources run together or apart.",
            subcommands = {Colocation.Add.class, Colocation.RemoveColocation.class, Colocation.ListColocation.class})
    static final class Colocation implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = {"A with B [SCORE]: place A where B runs (default INFINITY); a negative score keeps",
                        "them apart. B is placed first."},
                footer = {"", "Examples:", "  pacer constraint colocation add web with storage",
                        "  pacer constraint colocation add backup with db -INFINITY",
                        "  pacer constraint colocation add web with db --with-role Promoted"})
        static final class Add implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "A")
            String rsc;
            @Parameters(index = "1", paramLabel = "with")
            String with;
            @Parameters(index = "2", paramLabel = "B")
            String withRsc;
            @Parameters(index = "3", arity = "0..1", paramLabel = "SCORE")
            String score;
            @Option(names = "--id", paramLabel = "ID", description = "The constraint's id.")
            String id;
            @picocli.CommandLine.Unmatched
            List<String> negativeScore = new ArrayList<>();
            @Option(names = "--rsc-role", paramLabel = "ROLE", description = "Only A in this role.")
            String rscRole;
            @Option(names = "--with-role", paramLabel = "ROLE", description = "Only where B has this role.")
            String withRole;
            @Mixin
            CibChange change;
            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                if (!with.equals("with")) {
                    throw new CommandFailure(ExitCode.USAGE, "expected: A with B [SCORE]");
                }
                // picocli leaves "-INFINITY" unmatched, as it looks like an option.
                if (negativeScore.size() > 1 || !negativeScore.isEmpty() && score != null) {
                    throw new CommandFailure(ExitCode.USAGE, "unexpected " + String.join(" ", negativeScore));
                }
                String score = this.score != null ? this.score : negativeScore.isEmpty() ? null : negativeScore.get(0);
                return change.apply(spec.commandLine().getOut(), "added colocation constraint: " + rsc + " with " + withRsc,
                        cib -> ConstraintEdits.colocation(cib, id, rsc, withRsc, score, rscRole, withRole));
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a colocation constraint.",
                footer = {"", "Examples:", "  pacer constraint colocation remove colocation-web-storage-INFINITY"})
        static final class RemoveColocation extends Remove {
            Kind kind() { return Kind.COLOCATION; }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List colocation constraints.",
                footer = {"", "Examples:", "  pacer constraint colocation list", "  pacer constraint colocation list --output json"})
        static final class ListColocation extends ListKind {
            Kind kind() { return Kind.COLOCATION; }
        }
    }

    @Command(name = "order", mixinStandardHelpOptions = true, description = "In which order resources start and stop.",
            subcommands = {Order.Add.class, Order.RemoveOrder.class, Order.ListOrder.class})
    static final class Order implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = {"[ACTION] A then [ACTION] B [kind=Mandatory|Optional|Serialize] [symmetrical=true|false]:",
                        "start (or ACTION) B only after A. Stops happen in reverse unless symmetrical=false."},
                footer = {"", "Examples:", "  pacer constraint order add storage then web",
                        "  pacer constraint order add promote db then start web kind=Optional"})
        static final class Add implements Callable<Integer> {
            @Parameters(arity = "3..*", paramLabel = "WORD", description = "[ACTION] A then [ACTION] B [NAME=VALUE]...")
            List<String> words = new ArrayList<>();
            @Option(names = "--id", paramLabel = "ID", description = "The constraint's id.")
            String id;
            @Mixin
            CibChange change;
            @Spec
            CommandSpec spec;

            private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");

            @Override
            public Integer call() {
                List<String> w = new ArrayList<>(words);
                Map<String, String> options = new LinkedHashMap<>();
                while (!w.isEmpty() && w.get(w.size() - 1).contains("=")) {
                    Map.Entry<String, String> nv = ConfigTree.nameValue(w.remove(w.size() - 1));
                    options.put(nv.getKey(), nv.getValue());
                }
                int then = w.indexOf("then");
                if (then < 1 || then > 2 || w.size() - then - 1 < 1 || w.size() - then - 1 > 2
                        || then == 2 && !ACTIONS.contains(w.get(0))) {
                    throw new CommandFailure(ExitCode.USAGE, "expected: [ACTION] A then [ACTION] B [kind=KIND]"
                            + " (ACTION is start, stop, promote or demote)");
                }
                String firstAction = then == 2 ? w.get(0) : null;
                String first = w.get(then - 1);
                String thenAction = w.size() - then - 1 == 2 ? w.get(then + 1) : null;
                String second = w.get(w.size() - 1);
                return change.apply(spec.commandLine().getOut(), "added order constraint: " + first + " then " + second,
                        cib -> ConstraintEdits.order(cib, id, firstAction, first, thenAction, second, options));
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an order constraint.",
                footer = {"", "Examples:", "  pacer constraint order remove order-storage-web-Mandatory"})
        static final class RemoveOrder extends Remove {
            Kind kind() { return Kind.ORDER; }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List order constraints.",
                footer = {"", "Examples:", "  pacer constraint order list", "  pacer constraint order list --output json"})
        static final class ListOrder extends ListKind {
            Kind kind() { return Kind.ORDER; }
        }
    }
}
