package io.trustdm.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Properties;

/** Loads the worked examples kept as files under {@code src/test/resources/vectors}. */
public final class TestVectors {
    private TestVectors() {}

    public static byte[] bytes(String resource) {
        try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The octets of a {@code .hex} file: hex digits, whitespace ignored, lines starting with # skipped. */
    public static byte[] hexFile(String resource) {
        StringBuilder sb = new StringBuilder();
        for (String line : new String(bytes(resource), StandardCharsets.US_ASCII).split("\n")) {
            if (!line.strip().startsWith("#")) {
                sb.append(line);
            }
        }
        return hex(sb.toString());
    }

    /** Hex text with optional whitespace between octets. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    public static Properties properties(String resource) {
        Properties p = new Properties();
        try (InputStream in = TestVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
