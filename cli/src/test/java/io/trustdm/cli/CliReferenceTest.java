package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * docs/CLI.md is the usage help of every command and subcommand, rendered from the same picocli model the
 * {@code trustdm} command runs on. This test fails when the file is stale; run it with
 * {@code -Dcli.reference.update=true} to rewrite the file (then review and commit the diff).
 */
class CliReferenceTest {
    static final String UPDATE_PROPERTY = "cli.reference.update";
    private static final int WIDTH = 110;

    @Test
    void docs_cli_md_matches_the_usage_help_of_every_command() throws IOException {
        Path doc = repositoryRoot().resolve("docs/CLI.md");
        String expected = render(TrustDm.commandLine());
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertThat(doc).exists();
        String actual = Files.readString(doc, StandardCharsets.UTF_8);
        assertThat(actual)
                .as("docs/CLI.md is stale: rerun this test with -D" + UPDATE_PROPERTY + "=true and commit the file")
                .isEqualTo(expected);
    }

    @Test
    void every_command_in_the_tree_is_rendered() {
        String md = render(TrustDm.commandLine());
        List<String> paths = new ArrayList<>();
        collect(TrustDm.commandLine(), paths);
        assertThat(paths).contains("trustdm", "trustdm server", "trustdm wbxml decode");
        for (String p : paths) {
            assertThat(md).contains("\n## " + p + "\n");
        }
        assertThat(md).contains("--print-config").contains("--log-format");
    }

    /** The whole document: a header saying how it is made, a table of contents, then one section per command. */
    static String render(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        walk(root, all);
        StringBuilder sb = new StringBuilder();
        sb.append("# trustdm command reference\n\n");
        sb.append(
                "Generated from the picocli model of `trustdm` by `cli/src/test/java/io/trustdm/cli/CliReferenceTest.java`;"
                        + " do not edit by hand.\n");
        sb.append("The test fails when this file is stale. After adding or changing a command or option, regenerate it"
                + " with\n\n");
        sb.append("```sh\n./mvnw -o -q -pl cli -am test -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -D" + UPDATE_PROPERTY + "=true\n```\n\n");
        sb.append("and commit the result. Configuration keys of `trustdm server` are described in"
                + " [OPERATIONS.md](OPERATIONS.md).\n\n");
        sb.append("## Commands\n\n");
        for (CommandLine c : all) {
            String path = c.getCommandSpec().qualifiedName();
            sb.append("- `").append(path).append('`');
            summary(c).ifPresent(line -> sb.append(" — ").append(line));
            sb.append('\n');
        }
        for (CommandLine c : all) {
            sb.append("\n## ").append(c.getCommandSpec().qualifiedName()).append("\n\n```text\n");
            sb.append(stripTrailingSpaces(c.getUsageMessage(Ansi.OFF)));
            sb.append("```\n");
        }
        return sb.toString();
    }

    /** The header if the command has one, else the first line of its description, with picocli's %n expanded. */
    private static java.util.Optional<String> summary(CommandLine c) {
        var usage = c.getCommandSpec().usageMessage();
        String[] text = usage.header().length > 0 ? usage.header() : usage.description();
        for (String t : text) {
            for (String line : String.format(t).split("\\R")) {
                if (!line.isBlank()) {
                    return java.util.Optional.of(line.strip());
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static void walk(CommandLine c, List<CommandLine> out) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        c.setUsageHelpWidth(WIDTH);
        c.setUsageHelpAutoWidth(false);
        out.add(c);
        for (CommandLine sub : new java.util.LinkedHashSet<>(c.getSubcommands().values())) {
            walk(sub, out);
        }
    }

    private static void collect(CommandLine c, List<String> out) {
        out.add(c.getCommandSpec().qualifiedName());
        for (CommandLine sub : new java.util.LinkedHashSet<>(c.getSubcommands().values())) {
            collect(sub, out);
        }
    }

    private static String stripTrailingSpaces(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            sb.append(line.stripTrailing()).append('\n');
        }
        String out = sb.toString();
        while (out.endsWith("\n\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** The directory holding mvnw and docs/, found upward from the module's working directory. */
    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
