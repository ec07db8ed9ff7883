package org.pacer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.pacer.cib.XmlParser;
import org.pacer.scheduler.Scheduler;
import org.pacer.scheduler.SchedulerException;
import org.pacer.scheduler.TransitionResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pacer simulate}: run the scheduler offline on a CIB file, printing what crm_simulate -S prints. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Show what the scheduler would do with a CIB, like crm_simulate -S -x FILE.",
                "With --batch, schedule every IN_DIR/NAME.xml and write OUT_DIR/NAME.summary."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = {"-x", "--xml-file"}, paramLabel = "FILE", description = "The CIB to schedule.")
    Path xmlFile;

    @Option(names = {"-t", "--date"}, paramLabel = "ISO8601", description = "The time to schedule at (default: now).")
    String date;

    @Option(names = {"-s", "--show-scores"}, description = "Also print allocation scores, like crm_simulate -s.")
    boolean showScores;

    @Option(names = "--batch", arity = "2", paramLabel = "DIR",
            description = "IN_DIR OUT_DIR: schedule every IN_DIR/NAME.xml into OUT_DIR/NAME.summary.")
    List<Path> batch;

    @Option(names = "--cases", paramLabel = "TSV", description = "cases.tsv giving extra arguments (-t DATE) per case.")
    Path cases;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (batch != null) {
            return batch(batch.get(0), batch.get(1), out);
        }
        if (xmlFile == null) {
            throw new CommandFailure(ExitCode.USAGE, "simulate needs --xml-file FILE or --batch IN_DIR OUT_DIR");
        }
        if (!Files.isRegularFile(xmlFile)) {
            throw new CommandFailure(ExitCode.NOT_FOUND, xmlFile + ": no such file");
        }
        TransitionResult result = schedule(xmlFile, date == null ? null : instant(date));
        if (showScores) {
            out.println("Allocation scores:");
            result.scores().forEach(out::println);
            out.println();
        }
        out.print(result.report());
        out.flush();
        return ExitCode.OK;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return org.pacer.scheduler.Dates.parse(text);
        } catch (SchedulerException e) {
            throw new CommandFailure(ExitCode.USAGE, "--date: " + e.getMessage());
        }
    }

    /** Schedules a file at {@code when}, or at the CIB's own execution-date (else now) when it is null. */
    private static TransitionResult schedule(Path file, Instant when) {
        try {
            org.pacer.cib.XmlElement cib = new XmlParser().parse(file);
            return new Scheduler().schedule(cib, when != null ? when : Scheduler.defaultTime(cib, Instant.now()));
        } catch (SchedulerException e) {
            throw new CommandFailure(ExitCode.FAILED, file + ": " + e.getMessage());
        }
    }

    private int batch(Path in, Path outDir, PrintWriter out) throws IOException {
        if (!Files.isDirectory(in)) {
            throw new CommandFailure(ExitCode.NOT_FOUND, in + ": no such directory");
        }
        Map<String, String> dates = new HashMap<>();
        if (cases != null) {
            for (String line : Files.readAllLines(cases)) {
                String[] cols = line.split("\t");
                if (cols.length >= 3 && cols[2].startsWith("-t ")) {
                    dates.put(cols[0], cols[2].substring(3).trim());
                }
            }
        }
        Files.createDirectories(outDir);
        List<Path> files;
        try (Stream<Path> s = Files.list(in)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        int failed = 0;
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.xml$", "");
            try {
                String when = dates.getOrDefault(name, date);
                TransitionResult r = schedule(f, when == null ? null : instant(when));
                Files.writeString(outDir.resolve(name + ".summary"), r.report());
            } catch (RuntimeException | StackOverflowError e) {
                failed++;
                spec.commandLine().getErr().println("pacer: " + name + ": " + e.getMessage());
            }
        }
        out.println(files.size() + " cases scheduled, " + failed + " failed");
        return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}
