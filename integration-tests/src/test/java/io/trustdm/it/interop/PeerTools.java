package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the peer programs and runs them as subprocesses with a timeout. A missing peer fails the test with the Debian
 * package to install; with {@code -DskipPeers=true} (system property {@code trustdm.skipPeers}) peer tests are
 * skipped through JUnit assumptions instead.
 */
final class PeerTools {
    static final boolean SKIP_PEERS = Boolean.getBoolean("trustdm.skipPeers");
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("trustdm.peerTimeoutSeconds", 60));

    /** A program on PATH and the Debian package that provides it. */
    record Tool(String command, String debianPackage) {}

    static final Tool XML2WBXML = new Tool("xml2wbxml", "libwbxml2-utils");
    static final Tool WBXML2XML = new Tool("wbxml2xml", "libwbxml2-utils");
    static final Tool PHP = new Tool("php", "php-cli");

    /** Where the Horde_Xml_Wbxml class files are (peers.md §6; {@code dpkg -L php-horde-xml-wbxml}). */
    static final String HORDE_PACKAGE = "php-horde-xml-wbxml";

    private PeerTools() {}

    /** The outcome of one peer run. */
    record Run(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\nstdout: " + stdout.strip() + "\nstderr: "
                    + stderr.strip();
        }
    }

    /** Fails (or, with skipPeers, skips) unless every tool is on PATH; skips everything when skipPeers is set. */
    static void require(Tool... tools) {
        for (Tool t : tools) {
            if (onPath(t.command()) == null) {
                missing(t.command() + " is not on PATH: install the Debian package " + t.debianPackage()
                        + " (apt-get install -y " + t.debianPackage() + "), or run with -DskipPeers=true");
            }
        }
        Assumptions.assumeFalse(SKIP_PEERS, "trustdm.skipPeers=true: interop tests against real peers skipped");
    }

    /** Reports a missing peer: a failure by default, a skipped test with -DskipPeers=true. */
    static void missing(String message) {
        if (SKIP_PEERS) {
            Assumptions.abort(message);
        }
        fail(message);
    }

    static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs a command in {@code dir}, waiting at most {@link #TIMEOUT}; a hung peer is killed and fails the test. */
    static Run run(Path dir, String... command) {
        List<String> cmd = List.of(command);
        Path out = dir.resolve("peer.stdout");
        Path err = dir.resolve("peer.stderr");
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                fail(String.join(" ", cmd) + " did not finish within " + TIMEOUT);
            }
            return new Run(
                    cmd,
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
    }

    /** Runs a command that must succeed and write {@code output}; returns the bytes it wrote. */
    static byte[] runToFile(Path dir, Path output, String... command) {
        Run r = run(dir, command);
        if (r.exitCode() != 0 || !Files.isRegularFile(output)) {
            fail("peer failed: " + r.describe());
        }
        try {
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a classpath resource (e.g. the PHP driver) to a file. */
    static Path copyResource(String resource, Path target) {
        try (InputStream in = PeerTools.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the test classpath");
            }
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
