package org.pacer.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.pacer.cib.CibDiff;
import org.pacer.cib.CibException;
import org.pacer.cib.CibVerifier;
import org.pacer.cib.model.Cib;
import org.pacer.cib.CibPatch;
import org.pacer.cib.DurableFile;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;
import org.pacer.cib.XmlWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer cib ...}: work with CIB documents. */
@Command(name = "cib", description = "Read, check, compare and patch CIB documents.",
        mixinStandardHelpOptions = true,
        subcommands = {CibCommand.Verify.class, CibCommand.Diff.class, CibCommand.Patch.class,
                CibQueryCommand.class, CibReplaceCommand.class, CibModifyCommand.class, CibDeleteCommand.class,
                CibExportCommand.class, CibImportCommand.class})
final class CibCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--max-bytes", paramLabel = "BYTES", scope = ScopeType.INHERIT,
            description = "Refuse XML documents larger than this (default ${DEFAULT-VALUE}).")
    long maxBytes = XmlParser.DEFAULT_MAX_BYTES;

    XmlParser parser() {
        if (maxBytes <= 0) {
            throw new CommandFailure(ExitCode.USAGE, "--max-bytes must be positive, not " + maxBytes);
        }
        return new XmlParser(maxBytes);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a CIB file, like crm_verify: prints one line per problem,",
                    "FILE:LINE: ELEMENT-PATH: message. Exit status 0 when valid, 1 when not."})
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The CIB XML file.")
        Path file;

        @Spec
        CommandSpec spec;

        @ParentCommand
        CibCommand cib;

        @Override
        public Integer call() {
            XmlElement root = cib.parser().parse(file);
            List<String> problems = new ArrayList<>();
            CibVerifier.verify(root).forEach(problem -> problems.add(problem.toString()));
            if (problems.isEmpty()) {
                try {
                    Cib.of(root);
                } catch (CibException e) {
                    // The typed model's own checks (values it cannot read) come with their position.
                    problems.add(e.getMessage());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (problems.isEmpty()) {
                out.println(file + ": valid");
                return ExitCode.OK;
            }
            problems.forEach(out::println);
            spec.commandLine().getErr().println("pacer: " + file + ": " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems"));
            return ExitCode.FAILED;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Print the patch that turns OLD into NEW, as <diff format=\"2\"> (the format of",
                    "crm_diff and cibadmin --patch). Exit status 0 whether or not they differ."})
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OLD", description = "The original CIB XML file.")
        Path original;

        @Parameters(index = "1", paramLabel = "NEW", description = "The changed CIB XML file.")
        Path changed;

        @Spec
        CommandSpec spec;

        @ParentCommand
        CibCommand cib;

        @Override
        public Integer call() {
            XmlParser parser = cib.parser();
            CibPatch patch = CibDiff.between(parser.parse(original), parser.parse(changed));
            spec.commandLine().getOut().print(XmlWriter.toXml(patch.toXml()));
            return ExitCode.OK;
        }
    }

    @Command(name = "patch", mixinStandardHelpOptions = true,
            description = {"Apply a patch (from pacer cib diff or crm_diff) to a CIB and print the result,",
                    "or write it atomically to OUT. Refused (exit 1) when the CIB's version is not the",
                    "patch's source version or a change does not apply."})
    static final class Patch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CIB", description = "The CIB XML file to patch.")
        Path cibFile;

        @Parameters(index = "1", paramLabel = "PATCH", description = "The patch XML file.")
        Path patch;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT",
                description = "Write the patched CIB to this file (atomically) instead of standard output.")
        Path output;

        @Spec
        CommandSpec spec;

        @ParentCommand
        CibCommand cib;

        @Override
        public Integer call() {
            XmlParser parser = cib.parser();
            XmlElement original = parser.parse(cibFile);
            XmlElement result = CibPatch.fromXml(parser.parse(patch)).applyTo(original);
            String document = XmlWriter.toDocument(result);
            if (output == null) {
                spec.commandLine().getOut().print(document);
            } else {
                DurableFile.replace(output, document.getBytes(StandardCharsets.UTF_8));
            }
            return ExitCode.OK;
        }
    }
}
