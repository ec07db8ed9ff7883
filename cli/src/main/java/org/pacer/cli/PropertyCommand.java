package org.pacer.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pacer.cli.admin.ClusterOption;
import org.pacer.cli.admin.ConfigTree;
import org.pacer.cli.admin.PropertyEdits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer property set|unset|show}: cluster options, checked against Pacemaker's list and types. */
@Command(name = "property", mixinStandardHelpOptions = true,
        description = "Set, unset and show cluster options (crm_config), checked against the known options.",
        subcommands = {PropertyCommand.Set.class, PropertyCommand.Unset.class, PropertyCommand.Show.class},
        footer = {"", "Exit status: 0 ok, 2 unknown option or bad value, 3 not set, 4 refused, 5 no connection."})
final class PropertyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set cluster options.",
            footer = {"", "Examples:", "  pacer property set stonith-enabled=true no-quorum-policy=stop",
                    "  pacer property set cluster-recheck-interval=5min", "  pacer property set maintenance-mode=true --dry-run"})
    static final class Set implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME=VALUE")
        List<String> settings;
        @Option(names = "--force", description = "Also set options Pacer does not know, or the cluster's own.")
        boolean force;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String s : settings) {
                Map.Entry<String, String> nv = ConfigTree.nameValue(s);
                values.put(nv.getKey(), nv.getValue());
            }
            return change.apply(spec.commandLine().getOut(), "set " + String.join(" ", settings),
                    cib -> PropertyEdits.set(cib, values, force));
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove a cluster option (back to its default).",
            footer = {"", "Examples:", "  pacer property unset maintenance-mode"})
    static final class Unset implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        CibChange change;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return change.apply(spec.commandLine().getOut(), "unset " + name, cib -> PropertyEdits.unset(cib, name));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the options set in the CIB, one NAME, or with --all every known option with its default.",
            footer = {"", "Examples:", "  pacer property show", "  pacer property show --all", "  pacer property show stonith-enabled"})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;
        @Option(names = "--all", description = "Every known option, with its default and type.")
        boolean all;
        @Mixin
        NodeConnection node;
        @Mixin
        OutputOption output;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> current = PropertyEdits.current(ClusterSnapshot.read(node, false).cib());
            PrintWriter out = spec.commandLine().getOut();
            if (name != null) {
                String value = current.get(name);
                ClusterOption option = ClusterOption.named(name).orElse(null);
                if (value == null && option == null) {
                    throw new CommandFailure(ExitCode.NOT_FOUND, "no cluster option '" + name + "' (pacer property show --all)");
                }
                out.println(output.json() ? Json.write(Map.of("name", name, "value", value != null ? value : option.defaultValue(),
                        "default", value == null)) : name + "=" + (value != null ? value : option.defaultValue() + " (default)"));
                return ExitCode.OK;
            }
            Map<String, Object> shown = new LinkedHashMap<>(current);
            if (all) {
                ClusterOption.ALL.values().forEach(o -> shown.putIfAbsent(o.name(), o.defaultValue()));
            }
            if (output.json()) {
                out.println(Json.write(shown));
                return ExitCode.OK;
            }
            out.println("Cluster Properties:");
            shown.forEach((k, v) -> {
                ClusterOption o = ClusterOption.ALL.get(k);
                String note = !current.containsKey(k) ? "  (default"
                        + (o.type() == ClusterOption.Type.ENUM ? ": " + String.join("|", o.allowed()) : ", " + o.type().name().toLowerCase(java.util.Locale.ROOT))
                        + ")" : o == null ? "  (unknown to pacer)" : "";
                out.println("  " + k + "=" + v + note);
            });
            return ExitCode.OK;
        }
    }
}
