package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** A command line builds only the subcommand it runs, yet help and usage errors still show every command. */
class PacerCommandTest {
    private static final List<String> ALL = PacerCommand.commandLine().getSubcommands().keySet().stream().toList();

    private static List<String> built(String... args) {
        return PacerCommand.commandLine(args).getSubcommands().keySet().stream().toList();
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    @Test
    void buildsOnlyWhatTheArgumentsName() {
        assertThat(ALL).contains("cib", "simulate", "status", "resource", "completion").hasSize(PacerCommand.SUBCOMMANDS.size());
        assertThat(built("simulate", "-x", "cib.xml")).containsExactly("simulate");
        assertThat(built("--debug", "resource", "list")).containsExactly("resource");
        assertThat(built("--version")).isEmpty();
        assertThat(built()).isEqualTo(ALL);
        assertThat(built("--help")).isEqualTo(ALL);
        assertThat(built("-hV")).isEqualTo(ALL);
        assertThat(built("simulat")).isEqualTo(ALL);
        assertThat(built("@args.txt")).isEqualTo(ALL);
    }

    @Test
    void helpAndUsageErrorsStillListEveryCommand() {
        String[] help = run("--help");
        assertThat(help[0]).isEqualTo("0");
        String[] bare = run();
        assertThat(bare[1]).isEqualTo(help[1]);
        for (String name : ALL) {
            assertThat(help[1]).contains("  " + name + " ");
        }
        String[] typo = run("simulat");
        assertThat(typo[0]).isEqualTo(Integer.toString(ExitCode.USAGE));
        assertThat(typo[2]).contains("simulate").contains("Try 'pacer --help'.");
        String[] sub = run("simulate", "--bogus");
        assertThat(sub[0]).isEqualTo(Integer.toString(ExitCode.USAGE));
        assertThat(sub[2]).contains("--bogus").contains("Try 'pacer simulate --help'.");
        assertThat(run("--version")[1].strip()).isEqualTo("pacer 0.1.0-SNAPSHOT");
        CommandLine single = PacerCommand.commandLine(new String[] {"simulate"});
        assertThat(single.getSubcommands().get("simulate").getCommandSpec().findOption("--debug"))
                .as("the inherited --debug reaches a subcommand added on its own").isNotNull();
    }
}
