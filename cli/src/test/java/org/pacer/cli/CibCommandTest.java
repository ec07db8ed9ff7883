package org.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pacer cib verify|diff|patch} through {@link Main#run}, as a user runs them. */
class CibCommandTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String cib(int epoch, String resources) {
        return "<cib admin_epoch=\"0\" epoch=\"" + epoch + "\" num_updates=\"0\" validate-with=\"pacemaker-3.7\">\n"
                + "  <configuration>\n    <crm_config/>\n    <nodes><node id=\"1\" uname=\"n1\"/></nodes>\n"
                + "    <resources>\n" + resources + "    </resources>\n    <constraints/>\n  </configuration>\n"
                + "  <status/>\n</cib>\n";
    }

    private static final String DUMMY = "      <primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n";

    @Test
    void verifyAcceptsAValidCib() throws IOException {
        Path good = file("good.xml", cib(1, DUMMY));
        Result result = run("cib", "verify", good.toString());
        assertThat(result.status()).isEqualTo(ExitCode.OK);
        assertThat(result.out()).isEqualTo(good + ": valid\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void verifyReportsEachProblemOnItsOwnLine() throws IOException {
        Path bad = file("bad.xml", cib(1, DUMMY
                + "      <primitive id=\"a\" class=\"ocf\" type=\"Dummy\"/>\n"
                + "      <primitive id=\"b\" class=\"heartbeat2\" type=\"x\"/>\n"));
        Result result = run("cib", "verify", bad.toString());
        assertThat(result.status()).isEqualTo(ExitCode.FAILED);
        assertThat(result.out().lines()).containsExactly(
                bad + ":7: /cib/configuration/resources/primitive[@id='a'][2]: duplicate id 'a' (first used by"
                        + " <primitive> at line 6)",
                bad + ":7: /cib/configuration/resources/primitive[@id='a'][2]: class 'ocf' needs a provider",
                bad + ":8: /cib/configuration/resources/primitive[@id='b']: unknown resource class 'heartbeat2'"
                        + " (expected ocf, lsb, service, systemd, stonith, upstart or nagios)");
        assertThat(result.err()).isEqualTo("pacer: " + bad + ": 3 problems\n");
    }

    @Test
    void diffThenPatchGivesTheNewCib() throws IOException {
        Path old = file("old.xml", cib(1, DUMMY));
        Path updated = file("new.xml", cib(2, DUMMY.replace("heartbeat", "pacemaker")
                + "      <primitive id=\"b\" class=\"lsb\" type=\"x\"/>\n"));
        Result diff = run("cib", "diff", old.toString(), updated.toString());
        assertThat(diff.status()).isEqualTo(ExitCode.OK);
        assertThat(diff.out()).startsWith("<diff format=\"2\">")
                .contains("<change operation=\"create\" path=\"/cib/configuration/resources\" position=\"1\">")
                .contains("<change-attr name=\"provider\" operation=\"set\" value=\"pacemaker\"/>");
        Path patch = file("patch.xml", diff.out());
        Path out = dir.resolve("patched.xml");

        Result applied = run("cib", "patch", old.toString(), patch.toString(), "-o", out.toString());
        assertThat(applied.status()).isEqualTo(ExitCode.OK);
        assertThat(applied.out()).isEmpty();
        Result same = run("cib", "diff", updated.toString(), out.toString());
        assertThat(same.out()).doesNotContain("<change ");
        assertThat(run("cib", "patch", old.toString(), patch.toString()).out())
                .isEqualTo(Files.readString(out));
        assertThat(dir.toFile().list()).doesNotContain(".patched.xml.tmp");
    }

    @Test
    void patchRefusesAnotherVersionAndLeavesTheOutputAlone() throws IOException {
        Path old = file("old.xml", cib(1, DUMMY));
        Path updated = file("new.xml", cib(2, ""));
        Path patch = file("patch.xml", run("cib", "diff", old.toString(), updated.toString()).out());
        Path out = file("out.xml", "untouched");
        Result result = run("cib", "patch", updated.toString(), patch.toString(), "-o", out.toString());
        assertThat(result.status()).isEqualTo(ExitCode.FAILED);
        assertThat(result.err()).isEqualTo("pacer: patch does not apply: it is for CIB version 0.1.0 but the CIB"
                + " is at 0.2.0 (patch target 0.2.0)\n");
        assertThat(Files.readString(out)).isEqualTo("untouched");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            external entity (XXE) | <?xml version="1.0"?><!DOCTYPE cib [<!ENTITY x SYSTEM "file:///etc/passwd">]><cib>&x;</cib> | document type declarations (DTDs) are not allowed
            billion laughs | <!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><cib>&c;</cib> | document type declarations (DTDs) are not allowed
            plain DOCTYPE | <!DOCTYPE cib><cib/> | document type declarations (DTDs) are not allowed
            undeclared entity | <cib>&nope;</cib> | :1:
            truncated | <cib epoch="1"><configuration><resources> | malformed XML
            not XML | this is not a CIB | :1:1: malformed XML
            empty | "" | malformed XML
            two roots | <cib/><cib/> | malformed XML
            """)
    void hostileOrBrokenInputIsOneLineAndNonZero(String kind, String content, String expected) throws IOException {
        Path input = file("input.xml", content);
        // diff reads its files as patch does; verify and patch cover both ways a file is read.
        for (String command : new String[] {"verify", "patch"}) {
            String[] args = command.equals("verify") ? new String[] {"cib", "verify", input.toString()}
                    : new String[] {"cib", command, input.toString(), input.toString()};
            Result result = run(args);
            assertThat(result.status()).as(kind + " via " + command).isEqualTo(ExitCode.FAILED);
            assertThat(result.err()).as(kind + " via " + command).startsWith("pacer: " + input).contains(expected)
                    .doesNotContain("Exception").doesNotContain("\tat ").hasLineCount(1);
        }
    }

    @Test
    void oversizedInputIsRefusedUnderAConfiguredLimit() throws IOException {
        Path big = file("big.xml", cib(1, DUMMY.repeat(50)));
        Result result = run("cib", "verify", "--max-bytes", "1000", big.toString());
        assertThat(result.status()).isEqualTo(ExitCode.FAILED);
        assertThat(result.err()).matches("pacer: " + java.util.regex.Pattern.quote(big.toString())
                + ": document is \\d+ bytes, over the limit of 1000 bytes\n");
        assertThat(run("cib", "--max-bytes", "0", "verify", big.toString()).status()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aMissingFileIsNamed() {
        Result result = run("cib", "verify", dir.resolve("nope.xml").toString());
        assertThat(result.status()).isNotZero();
        assertThat(result.err()).isEqualTo("pacer: " + dir.resolve("nope.xml") + ": no such file\n");
    }
}
