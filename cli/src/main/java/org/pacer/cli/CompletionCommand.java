package org.pacer.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pacer completion bash}: the bash completion script, generated from the command tree by picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the bash completion script for pacer (it also works in zsh with bashcompinit).",
        footer = {"", "Examples:", "  pacer completion bash > /etc/bash_completion.d/pacer",
                "  source <(pacer completion bash)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", description = "bash (the only one so far).")
    String shell;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            throw new CommandFailure(ExitCode.USAGE, "no completion for '" + shell + "' (only bash)");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("pacer", PacerCommand.commandLine()));
        return ExitCode.OK;
    }
}
