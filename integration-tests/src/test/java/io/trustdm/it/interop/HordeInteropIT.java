package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.trustdm.it.interop.XmlMeaning.Node;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Horde_Xml_Wbxml (PHP, peers.md §6) as a third codec, both ways: TrustDM decodes what Horde's encoder writes, and
 * Horde's decoder reads what TrustDM's encoder writes. The driver is {@code peers/horde-wbxml.php}.
 *
 * <p>Horde has no DM DDF code page, so it can neither encode nor decode a TNDS tree written as markup. For those
 * corpus files each test first asserts that documented failure, then compares the rest of the message through a
 * variant with the DDF markup removed ({@link TndsPayloads#withoutDdfMarkup}).
 */
class HordeInteropIT {
    private static final InteropTally ENCODE = new InteropTally("TrustDM decodes Horde WBXML");
    private static final InteropTally DECODE = new InteropTally("Horde decodes TrustDM WBXML");
    static final String NO_DDF = "Horde: no DM DDF code page, failure asserted, rest compared without the TNDS markup";
    static final String HORDE_TRIM = "Horde: encoder trims text pieces (escaped chars, first non-ASCII char)";
    static final String METINF_ORDER = LibwbxmlDecodesOurWbxmlIT.METINF_ORDER;

    @TempDir
    static Path driverDir;

    private static Path driver;

    @BeforeAll
    static void peers() {
        PeerTools.require(PeerTools.PHP);
        driver = PeerTools.copyResource("peers/horde-wbxml.php", driverDir.resolve("horde-wbxml.php"));
        PeerTools.Run probe = PeerTools.run(driverDir, "php", driver.toString(), "probe");
        if (probe.exitCode() == 3) {
            PeerTools.missing("Horde_Xml_Wbxml is not installed: install the Debian package " + PeerTools.HORDE_PACKAGE
                    + " (apt-get install -y " + PeerTools.HORDE_PACKAGE + "), or run with -DskipPeers=true");
        } else if (probe.exitCode() != 0) {
            fail("the Horde driver does not work: " + probe.describe());
        }
    }

    @AfterAll
    static void report() {
        System.out.println(ENCODE.summary());
        System.out.println(DECODE.summary());
    }

    static List<Corpus.Message> corpus() {
        return Corpus.messages();
    }

    private static PeerTools.Run horde(Path dir, String mode, Path in, Path out, InteropTally tally) {
        PeerTools.Run run = PeerTools.run(dir, "php", driver.toString(), mode, in.toString(), out.toString());
        tally.peerRan();
        return run;
    }

    private static void assertHordeRejectsDdf(PeerTools.Run run, String expectedMessage) {
        assertThat(run.exitCode())
                .as("Horde has no DM DDF code page and is expected to reject TNDS markup: %s", run.describe())
                .isEqualTo(4);
        assertThat(run.stderr()).contains(expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void we_decode_horde_wbxml_to_the_same_meaning(Corpus.Message message, @TempDir Path dir) throws IOException {
        byte[] source = message.xml();
        Path in = Files.write(dir.resolve(message.stem() + ".xml"), source);
        Path out = dir.resolve(message.stem() + ".wbxml");
        if (PeerQuirks.hasDdfMarkup(XmlMeaning.of(source))) {
            assertHordeRejectsDdf(horde(dir, "encode", in, out, ENCODE), "Unable to find dtd for syncml:dmddf1.2");
            ENCODE.exception(message.name(), NO_DDF);
            source = TndsPayloads.withoutDdfMarkup(source);
            in = Files.write(dir.resolve(message.stem() + ".without-ddf.xml"), source);
        }

        PeerTools.Run run = horde(dir, "encode", in, out, ENCODE);
        if (run.exitCode() != 0) {
            fail("Horde could not encode " + message.name() + ": " + run.describe());
        }
        byte[] wbxml = Files.readAllBytes(out);
        assertThat(wbxml)
                .as("Horde writes WBXML 1.2 with the public id in the string table")
                .startsWith(2, 0, 0, 0x6a);
        byte[] ours = SyncMlXmlWriter.write(WbxmlDecoder.decode(wbxml));

        String file = message.name();
        List<Node> expected = XmlMeaning.of(source);
        List<Node> actual = XmlMeaning.of(ours);
        expected = ENCODE.rule(file, HORDE_TRIM, PeerQuirks::hordeTrimmedPieces, expected);
        expected = ENCODE.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, expected);
        actual = ENCODE.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, actual);
        ENCODE.assertSameMeaning(file, "Horde encoder -> TrustDM decoder -> TrustDM XML", expected, actual, ours);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void horde_decodes_our_wbxml_to_the_same_meaning(Corpus.Message message, @TempDir Path dir) throws IOException {
        byte[] source = message.xml();
        Path in = dir.resolve(message.stem() + ".wbxml");
        Path out = dir.resolve(message.stem() + ".back.xml");
        if (PeerQuirks.hasDdfMarkup(XmlMeaning.of(source))) {
            Files.write(in, WbxmlEncoder.encode(SyncMlXmlReader.read(source)));
            assertHordeRejectsDdf(horde(dir, "decode", in, out, DECODE), "Call to a member function");
            DECODE.exception(message.name(), NO_DDF);
            source = TndsPayloads.withoutDdfMarkup(source);
        }

        Files.write(in, WbxmlEncoder.encode(SyncMlXmlReader.read(source)));
        PeerTools.Run run = horde(dir, "decode", in, out, DECODE);
        if (run.exitCode() != 0) {
            fail("Horde could not decode our WBXML of " + message.name() + ": " + run.describe());
        }
        byte[] back = Files.readAllBytes(out);

        String file = message.name();
        List<Node> expected =
                DECODE.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, XmlMeaning.of(source));
        List<Node> actual = DECODE.rule(file, METINF_ORDER, PeerQuirks::metInfInCanonicalOrder, XmlMeaning.of(back));
        DECODE.assertSameMeaning(file, "TrustDM WBXML -> Horde decoder", expected, actual, back);
    }
}
