package io.trustdm.it.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads the output of a {@code trustdm server} process started by a test, line by line, on a daemon thread. */
final class ServerOutput {
    private ServerOutput() {}

    /**
     * Copies every line of {@code in} into {@code lines}; when {@code readyLine} is given, completes it with the
     * server's "press Ctrl-C" banner, or with a failure text when the process ends before printing it.
     */
    static Thread pump(InputStream in, List<String> lines, CompletableFuture<String> readyLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (readyLine != null && line.contains("press Ctrl-C")) {
                        readyLine.complete(line);
                    }
                }
            } catch (IOException e) {
                // the process went away
            } finally {
                if (readyLine != null) {
                    readyLine.complete("process ended before it was ready: " + lines);
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
