package io.trustdm.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording: the share of samples per top frame (self
 * time), and per "owner" package: the first frame of the stack, from the top, that belongs to one of the known
 * libraries or to TrustDM, so that a sample in {@code java.util.HashMap} called by H2 counts for H2 (inclusive
 * time, attributed to the innermost known component).
 *
 * <p>{@code java -cp benchmarks.jar io.trustdm.bench.JfrTopFrames recording.jfr [top-n]}
 */
public final class JfrTopFrames {
    private static final List<String> OWNERS = List.of(
            "org.h2.",
            "com.zaxxer.hikari.",
            "org.eclipse.jetty.",
            "jdk.internal.net.http.",
            "sun.security.ssl.",
            "com.sun.crypto.",
            "sun.security.",
            "io.trustdm.protocol.",
            "io.trustdm.security.",
            "io.trustdm.tree.",
            "io.trustdm.client.",
            "io.trustdm.server.store.",
            "io.trustdm.server.",
            "io.trustdm.bench.",
            "org.jdbi.",
            "com.ctc.wstx.");

    private JfrTopFrames() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Integer> trustdm = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            owner.merge(ownerOf(frames), 1, Integer::sum);
            // The innermost TrustDM method on the stack: which of our operations the time is spent under.
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("io.trustdm.") && !n.startsWith("io.trustdm.bench.")) {
                    trustdm.merge(n, 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.printf("samples=%d%n", total);
        print("component (innermost known package on the stack)", owner, total, top);
        print("innermost TrustDM method on the stack", trustdm, total, top);
        print("top frame (self time)", self, total, top);
    }

    private static String ownerOf(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            for (String o : OWNERS) {
                if (n.startsWith(o)) {
                    return o.substring(0, o.length() - 1);
                }
            }
        }
        return "other (JDK)";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(
                        "%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey()));
    }
}
