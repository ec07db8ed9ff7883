package org.pacer.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/** Entry point of {@code bin/pacer}: parses the command line and turns failures into one-line messages. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given output streams and returns its exit status (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = PacerCommand.commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(ErrorReporting::exitCodeOf);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> ErrorReporting.report(ex, err, debug));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("pacer: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}
