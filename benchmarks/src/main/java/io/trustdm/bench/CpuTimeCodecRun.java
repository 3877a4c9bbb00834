package io.trustdm.bench;

import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Two more clocks for the WBXML codec, next to JMH: the same work as {@code CorpusCodecBenchmark.wbxml*}, timed by
 * the CPU time the whole JVM process used (JIT compiler and GC threads included) and by its fastest short batch,
 * as well as by the wall clock. On a shared, overloaded machine the wall clock mostly measures the other tenants;
 * CPU time and the fastest batch are what our code cost, and the libwbxml harness reports the same three clocks
 * ({@code CLOCK_PROCESS_CPUTIME_ID}, fastest batch of as many passes), so their ratios stay meaningful. Warm-up is
 * counted in passes, not seconds, so a starved machine still compiles the hot code before measuring. Prints lines
 * in the harness's {@code key=value} format.
 *
 * <p>{@code java -cp benchmarks.jar io.trustdm.bench.CpuTimeCodecRun [passes] [warmup-passes]}
 */
public final class CpuTimeCodecRun {
    private static final int BATCH = 1;
    private static volatile int sink;

    private CpuTimeCodecRun() {}

    /** One timed phase over the whole corpus; returns a checksum of the output so nothing is optimised away. */
    private interface Phase {
        int pass();
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmupPasses = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
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
        for (Phase p : List.of(roundTrip, decode, encode)) {
            for (int i = 0; i < warmupPasses; i++) {
                sink += p.pass();
            }
        }
        report("roundtrip", roundTrip, passes, n, bytes);
        report("decode", decode, passes, n, bytes);
        report("encode", encode, passes, n, bytes);
    }

    /**
     * Runs a phase for {@code passes} corpus passes, timing each batch of {@value #BATCH} pass. Reports the overall rate by
     * wall clock and by process CPU time, and the rate of the fastest batch ({@code best_msgs_per_s}): on a shared
     * machine the fastest short batch is the one least disturbed by other tenants. The libwbxml harness measures
     * the same three ways.
     */
    private static void report(String phase, Phase p, int passes, int messages, long corpusBytes) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        double best = Double.MAX_VALUE; // seconds per pass in the fastest batch
        int h = 0;
        for (int done = 0; done < passes; done += BATCH) {
            int n = Math.min(BATCH, passes - done);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                h += p.pass();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / n);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        sink += h;
        double msgs = (double) passes * messages;
        double mb = passes * (double) corpusBytes / 1e6;
        System.out.printf(
                java.util.Locale.ROOT,
                "result impl=trustdm phase=%s messages=%.0f seconds=%.4f msgs_per_s=%.1f mb_per_s=%.3f"
                        + " cpu_seconds=%.4f cpu_msgs_per_s=%.1f cpu_mb_per_s=%.3f best_msgs_per_s=%.1f"
                        + " best_mb_per_s=%.3f%n",
                phase,
                msgs,
                wall,
                msgs / wall,
                mb / wall,
                cpu,
                msgs / cpu,
                mb / cpu,
                messages / best,
                corpusBytes / 1e6 / best);
    }
}
