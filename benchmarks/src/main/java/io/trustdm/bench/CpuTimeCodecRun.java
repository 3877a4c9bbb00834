package io.trustdm.bench;

import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * A second clock for the WBXML codec, next to JMH: the same work as {@code CorpusCodecBenchmark.wbxml*}, timed by
 * the CPU time the whole JVM process used (JIT compiler and GC threads included) as well as by the wall clock. On a
 * shared, overloaded machine the wall clock mostly measures the other tenants; process CPU time is what our code
 * cost, and the libwbxml harness reports the same clock ({@code CLOCK_PROCESS_CPUTIME_ID}), so their ratio stays
 * meaningful. Prints lines in the harness's {@code key=value} format.
 *
 * <p>{@code java -cp benchmarks.jar io.trustdm.bench.CpuTimeCodecRun [passes] [warmup-seconds]}
 */
public final class CpuTimeCodecRun {
    private static volatile int sink;

    private CpuTimeCodecRun() {}

    /** One timed phase over the whole corpus; returns a checksum of the output so nothing is optimised away. */
    private interface Phase {
        int pass();
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        double warmupSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        List<Corpus.Message> corpus = Corpus.messages();
        int n = corpus.size();
        SyncMl[] models = new SyncMl[n];
        byte[][] wbxml = new byte[n][];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            models[i] = SyncMlXmlReader.read(corpus.get(i).xml());
            wbxml[i] = WbxmlEncoder.encode(models[i]);
            bytes += wbxml[i].length;
        }
        Phase roundTrip = () -> {
            int h = 0;
            for (byte[] b : wbxml) {
                h += WbxmlEncoder.encode(WbxmlDecoder.decode(b)).length;
            }
            return h;
        };
        Phase decode = () -> {
            int h = 0;
            for (byte[] b : wbxml) {
                h += WbxmlDecoder.decode(b).body().commands().size();
            }
            return h;
        };
        Phase encode = () -> {
            int h = 0;
            for (SyncMl m : models) {
                h += WbxmlEncoder.encode(m).length;
            }
            return h;
        };
        warmUp(warmupSeconds, roundTrip, decode, encode);
        report("roundtrip", roundTrip, passes, n, bytes);
        report("decode", decode, passes, n, bytes);
        report("encode", encode, passes, n, bytes);
    }

    private static void warmUp(double seconds, Phase... phases) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (Phase p : phases) {
                for (int i = 0; i < 50; i++) {
                    sink += p.pass();
                }
            }
        }
    }

    private static void report(String phase, Phase p, int passes, int messages, long corpusBytes) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        int h = 0;
        for (int i = 0; i < passes; i++) {
            h += p.pass();
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        sink += h;
        double msgs = (double) passes * messages;
        System.out.printf(
                java.util.Locale.ROOT,
                "result impl=trustdm phase=%s messages=%.0f seconds=%.4f msgs_per_s=%.1f mb_per_s=%.3f"
                        + " cpu_seconds=%.4f cpu_msgs_per_s=%.1f cpu_mb_per_s=%.3f%n",
                phase,
                msgs,
                wall,
                msgs / wall,
                passes * (double) corpusBytes / 1e6 / wall,
                cpu,
                msgs / cpu,
                passes * (double) corpusBytes / 1e6 / cpu);
    }
}
