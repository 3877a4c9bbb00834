package io.trustdm.it.interop;

import io.trustdm.it.interop.XmlMeaning.Node;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** libwbxml's {@code wbxml2xml} reads the WBXML that TrustDM writes (default options) as the source message. */
class LibwbxmlDecodesOurWbxmlIT {
    private static final InteropTally TALLY = new InteropTally("wbxml2xml reads TrustDM WBXML");
    static final String UNKNOWN_DDF = "libwbxml: inline DM DDF tags decode as <unknown>";
    static final String TYPE_REWRITE = "libwbxml quirk 2: Type +xml/+wbxml rewrite";
    static final String METINF_ORDER = "TrustDM model: MetInf written in canonical order";

    @BeforeAll
    static void peers() {
        PeerTools.require(PeerTools.WBXML2XML);
    }

    @AfterAll
    static void report() {
        System.out.println(TALLY.summary());
    }

    static List<Corpus.Message> corpus() {
        return Corpus.messages();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void wbxml2xml_decodes_our_wbxml_to_the_same_meaning(Corpus.Message message, @TempDir Path dir) throws IOException {
        Path in = Files.write(
                dir.resolve(message.stem() + ".wbxml"), WbxmlEncoder.encode(SyncMlXmlReader.read(message.xml())));
        Path out = dir.resolve(message.stem() + ".back.xml");

        byte[] back = PeerTools.runToFile(dir, out, "wbxml2xml", "-m", "0", "-o", out.toString(), in.toString());
        TALLY.peerRan();

        String file = message.name();
        List<Node> expected = XmlMeaning.of(message.xml());
        List<Node> actual = XmlMeaning.of(back);
        expected = TALLY.rule(file, UNKNOWN_DDF, PeerQuirks::libwbxmlUnknownDdfTags, expected);
        expected = TALLY.rule(file, TYPE_REWRITE, PeerQuirks::libwbxmlTypeRewrite, expected);
        actual = TALLY.rule(file, TYPE_REWRITE, PeerQuirks::libwbxmlTypeRewrite, actual);
        expected = TALLY.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, expected);
        actual = TALLY.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, actual);
        TALLY.assertSameMeaning(file, "TrustDM WBXML -> wbxml2xml -m 0", expected, actual, back);
    }
}
