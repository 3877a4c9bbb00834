package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.it.interop.XmlMeaning.Node;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TrustDM's WBXML decoder reads what libwbxml's {@code xml2wbxml} writes from every corpus message, in three
 * flavours: WBXML 1.2 without a string table, WBXML 1.3 with one, and WBXML 1.1 without one.
 */
class OurDecoderReadsLibwbxmlIT {
    private static final InteropTally TALLY = new InteropTally("TrustDM decodes xml2wbxml WBXML");
    static final String NESTED_TNDS = "libwbxml: TNDS markup nested as WBXML DDF document in OPAQUE (decoded)";
    static final String CRLF = "libwbxml quirk 1: LF -> CR LF in Add/Replace Data";
    static final String TYPE_REWRITE = LibwbxmlDecodesOurWbxmlIT.TYPE_REWRITE;
    static final String METINF_ORDER = LibwbxmlDecodesOurWbxmlIT.METINF_ORDER;

    /** The xml2wbxml flags under test and the WBXML version byte they must produce. */
    enum Flavour {
        V1_2_NO_STRING_TABLE(2, "-v", "1.2", "-n"),
        V1_3_STRING_TABLE(3, "-v", "1.3"),
        V1_1_NO_STRING_TABLE(1, "-v", "1.1", "-n");

        final int versionByte;
        final List<String> flags;

        Flavour(int versionByte, String... flags) {
            this.versionByte = versionByte;
            this.flags = List.of(flags);
        }

        @Override
        public String toString() {
            return String.join(" ", flags);
        }
    }

    @BeforeAll
    static void peers() {
        PeerTools.require(PeerTools.XML2WBXML);
    }

    @AfterAll
    static void report() {
        System.out.println(TALLY.summary());
    }

    static List<Arguments> corpusInEveryFlavour() {
        List<Arguments> args = new ArrayList<>();
        for (Corpus.Message m : Corpus.messages()) {
            for (Flavour f : Flavour.values()) {
                args.add(Arguments.of(m, f));
            }
        }
        return args;
    }

    private static byte[] xml2wbxml(Path dir, String stem, byte[] xml, Flavour flavour) throws IOException {
        Path in = Files.write(dir.resolve(stem + ".xml"), xml);
        Path out = dir.resolve(stem + ".wbxml");
        List<String> cmd = new ArrayList<>();
        cmd.add("xml2wbxml");
        cmd.addAll(flavour.flags);
        cmd.addAll(List.of("-o", out.toString(), in.toString()));
        byte[] wbxml = PeerTools.runToFile(dir, out, cmd.toArray(String[]::new));
        TALLY.peerRan();
        return wbxml;
    }

    @ParameterizedTest(name = "{0} with xml2wbxml {1}")
    @MethodSource("corpusInEveryFlavour")
    void we_decode_xml2wbxml_output_to_the_same_meaning(Corpus.Message message, Flavour flavour, @TempDir Path dir)
            throws IOException {
        byte[] wbxml = xml2wbxml(dir, message.stem(), message.xml(), flavour);
        assertThat(wbxml[0]).as("WBXML version byte").isEqualTo((byte) flavour.versionByte);

        TndsPayloads.Expanded decoded = TndsPayloads.decodeNestedTnds(WbxmlDecoder.decode(wbxml));
        if (decoded.nestedDocuments() > 0) {
            TALLY.exception(message.name(), NESTED_TNDS);
        }
        byte[] ours = SyncMlXmlWriter.write(decoded.message());

        String file = message.name();
        List<Node> expected = XmlMeaning.of(message.xml());
        List<Node> actual = XmlMeaning.of(ours);
        actual = TALLY.rule(file, CRLF, PeerQuirks::libwbxmlOpaqueLineBreaks, actual);
        expected = TALLY.rule(file, TYPE_REWRITE, PeerQuirks::libwbxmlTypeRewrite, expected);
        actual = TALLY.rule(file, TYPE_REWRITE, PeerQuirks::libwbxmlTypeRewrite, actual);
        expected = TALLY.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, expected);
        actual = TALLY.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, actual);
        TALLY.assertSameMeaning(
                file, "xml2wbxml " + flavour + " -> TrustDM decoder -> TrustDM XML", expected, actual, ours);
    }

    @Test
    void xml2wbxml_1_3_output_uses_string_table_references_that_we_resolve(@TempDir Path dir) throws IOException {
        Corpus.Message f1 = Corpus.messages().get(0);
        assertThat(f1.name()).startsWith("01-f1-");

        byte[] wbxml = xml2wbxml(dir, f1.stem(), f1.xml(), Flavour.V1_3_STRING_TABLE);

        // header: version, public id 0x1201 (a4 01), charset UTF-8 (6a), then the string table length
        assertThat(wbxml[1]).isEqualTo((byte) 0xa4);
        assertThat(wbxml[4]).as("string table length").isNotZero();
        assertThat(wbxml).as("holds STR_T tokens").contains((byte) 0x83);
        assertThat(WbxmlDecoder.decode(wbxml).header().source().locUri()).isEqualTo("IMEI:490154203237518");
    }
}
