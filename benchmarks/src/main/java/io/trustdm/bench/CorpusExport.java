package io.trustdm.bench;

import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the corpus as WBXML files, one {@code <stem>.wbxml} per corpus message, encoded by TrustDM's
 * {@link WbxmlEncoder} with its default options. The libwbxml harness reads these files, so both sides of the
 * benchmark decode the very same bytes.
 */
public final class CorpusExport {
    private CorpusExport() {}

    /** One exported file and the corpus message it came from. */
    public record Exported(Corpus.Message message, Path file, int bytes) {}

    /**
     * Writes every corpus message into {@code dir} (created if missing), replacing older exports.
     *
     * @return the files written, in corpus order
     */
    public static List<Exported> export(Path dir) {
        try {
            Files.createDirectories(dir);
            List<Exported> written = new ArrayList<>();
            for (Corpus.Message m : Corpus.messages()) {
                byte[] wbxml = WbxmlEncoder.encode(SyncMlXmlReader.read(m.xml()));
                Path file = Files.write(dir.resolve(m.stem() + ".wbxml"), wbxml);
                written.add(new Exported(m, file, wbxml.length));
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the corpus to " + dir, e);
        }
    }

    /** {@code java -cp benchmarks.jar io.trustdm.bench.CorpusExport <dir>}: exports and prints a summary. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CorpusExport <output-dir>");
            System.exit(64);
        }
        List<Exported> written = export(Path.of(args[0]));
        long wbxmlBytes = written.stream().mapToLong(Exported::bytes).sum();
        long xmlBytes =
                written.stream().mapToLong(e -> e.message().xml().length).sum();
        System.out.printf(
                "exported files=%d wbxml_bytes=%d xml_bytes=%d dir=%s%n",
                written.size(), wbxmlBytes, xmlBytes, args[0]);
    }
}
