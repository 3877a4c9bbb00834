package io.trustdm.bench;

import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of TrustDM's codecs over the whole DM message corpus. One invocation handles every corpus message
 * once and counts as {@value #MESSAGES} operations, so scores are messages per second and the GC profiler's
 * {@code gc.alloc.rate.norm} is bytes allocated per message.
 *
 * <ul>
 *   <li>{@code wbxml*}: the WBXML bytes are the corpus encoded with the default {@link WbxmlEncoder} options, the
 *       same bytes {@link CorpusExport} writes for the libwbxml harness.
 *   <li>{@code xml*}: decoding reads the corpus XML files as written (indentation, comments, DOCTYPEs included);
 *       encoding writes compact canonical XML.
 *   <li>{@code *DecodeEncode}: bytes to model and back to bytes, the figure compared with libwbxml's
 *       WBXML-tree-WBXML round trip.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CorpusCodecBenchmark {
    /** Messages in the corpus; the setup fails if the corpus no longer has exactly this many. */
    static final int MESSAGES = 40;

    private SyncMl[] models;
    private byte[][] wbxml;
    private byte[][] xml;

    @Setup
    public void load() {
        List<Corpus.Message> corpus = Corpus.messages();
        if (corpus.size() != MESSAGES) {
            throw new IllegalStateException(
                    "corpus has " + corpus.size() + " messages, the benchmark counts " + MESSAGES + " per invocation");
        }
        models = new SyncMl[MESSAGES];
        wbxml = new byte[MESSAGES][];
        xml = new byte[MESSAGES][];
        for (int i = 0; i < MESSAGES; i++) {
            xml[i] = corpus.get(i).xml();
            models[i] = SyncMlXmlReader.read(xml[i]);
            wbxml[i] = WbxmlEncoder.encode(models[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void wbxmlDecode(Blackhole bh) {
        for (byte[] b : wbxml) {
            bh.consume(WbxmlDecoder.decode(b));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void wbxmlEncode(Blackhole bh) {
        for (SyncMl m : models) {
            bh.consume(WbxmlEncoder.encode(m));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void wbxmlDecodeEncode(Blackhole bh) {
        for (byte[] b : wbxml) {
            bh.consume(WbxmlEncoder.encode(WbxmlDecoder.decode(b)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void xmlDecode(Blackhole bh) {
        for (byte[] b : xml) {
            bh.consume(SyncMlXmlReader.read(b));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void xmlEncode(Blackhole bh) {
        for (SyncMl m : models) {
            bh.consume(SyncMlXmlWriter.write(m));
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void xmlDecodeEncode(Blackhole bh) {
        for (byte[] b : xml) {
            bh.consume(SyncMlXmlWriter.write(SyncMlXmlReader.read(b)));
        }
    }
}
