package io.trustdm.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in docs/OPERATIONS.md is generated from {@link ConfigKey}: this test fails when the table
 * is stale, and rewrites it between its markers when run with {@code -Doperations.doc.update=true}.
 */
class OperationsDocTest {
    static final String UPDATE_PROPERTY = "operations.doc.update";
    static final String BEGIN = "<!-- config-keys:begin -->";
    static final String END = "<!-- config-keys:end -->";

    @Test
    void configuration_table_in_operations_md_lists_every_key() throws IOException {
        Path doc = repositoryRoot().resolve("docs/OPERATIONS.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertThat(b).as("markers in " + doc).isNotNegative();
        assertThat(e).isGreaterThan(b);
        String expected = text.substring(0, b + BEGIN.length()) + "\n" + table() + text.substring(e);
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
            text = expected;
        }
        assertThat(text)
                .as("docs/OPERATIONS.md configuration table is stale: rerun with -D" + UPDATE_PROPERTY + "=true")
                .isEqualTo(expected);
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(text).contains("`" + k.environmentVariable() + "`");
        }
    }

    static String table() {
        StringBuilder sb = new StringBuilder("| key | default | environment variable | meaning |\n|---|---|---|---|\n");
        for (ConfigKey k : ConfigKey.values()) {
            sb.append("| `")
                    .append(k.key())
                    .append("` | ")
                    .append(k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`")
                    .append(" | `")
                    .append(k.environmentVariable())
                    .append("` | ")
                    .append(k.secret() ? "**secret** (file or environment only, printed redacted); " : "")
                    .append(k.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return p;
    }
}
