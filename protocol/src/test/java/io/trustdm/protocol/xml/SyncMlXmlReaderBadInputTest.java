package io.trustdm.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.SampleMessages;
import io.trustdm.protocol.codec.XmlFormatException;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken XML: every case ends in an {@link XmlFormatException} that names the line and column of the
 * problem and the status the receiver answers with (400 malformed, 413 too large, 415 unsupported). DTDs are never
 * processed: no entity declared in a document or in an external DTD is ever expanded, and nothing is fetched.
 */
class SyncMlXmlReaderBadInputTest {

    private static final int BAD_REQUEST = StatusCode.BAD_REQUEST;
    private static final int TOO_LARGE = StatusCode.REQUEST_ENTITY_TOO_LARGE;
    private static final int UNSUPPORTED = StatusCode.UNSUPPORTED_MEDIA_TYPE;

    private static final String HDR = "<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>"
            + "<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://s/dm</LocURI></Target>"
            + "<Source><LocURI>IMEI:1</LocURI></Source></SyncHdr>";

    /** A message whose Target LocURI is {@code uri} (written as given: markup allowed). */
    private static String message(String uri) {
        return "<SyncML xmlns=\"SYNCML:SYNCML1.2\">" + HDR.replace("http://s/dm", uri)
                + "<SyncBody><Final/></SyncBody></SyncML>";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static XmlFormatException rejects(byte[] input) {
        return rejects(input, DecodeLimits.DEFAULT);
    }

    /** Reads, expects an XmlFormatException whose location names its line and column, and returns it. */
    private static XmlFormatException rejects(byte[] input, DecodeLimits limits) {
        Throwable t = catchThrowable(() -> SyncMlXmlReader.read(input, limits));
        assertThat(t).isExactlyInstanceOf(XmlFormatException.class);
        XmlFormatException e = (XmlFormatException) t;
        assertThat(e.line()).isPositive();
        assertThat(e.column()).isPositive();
        assertThat(e.location()).isEqualTo("line " + e.line() + ", column " + e.column());
        return e;
    }

    private static XmlFormatException rejects(String input) {
        return rejects(utf8(input));
    }

    /** Everything an exception could show: messages, causes, stack trace text. */
    private static String everythingShown(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w + " " + t;
    }

    @Test
    void the_test_message_skeleton_reads() {
        SyncMl m = SyncMlXmlReader.read(utf8(message("a&amp;b&lt;&#13;")));
        assertThat(m.header())
                .isEqualTo(SampleMessages.header().toBuilder()
                        .target(Target.of("a&b<\r"))
                        .build());
    }

    // ---- truncation and syntax

    @Test
    void truncation_at_every_byte_offset_is_a_format_exception() {
        List<byte[]> valid = List.of(
                SyncMlXmlWriter.write(SampleMessages.richWithText()),
                utf8("<?xml version='1.0' encoding='UTF-8'?>\n<!-- c -->\n"
                        + message("Größe \uD83D\uDE00").replace("<SyncBody>", "\n  <SyncBody>\n    ")));
        int cases = 0;
        for (byte[] message : valid) {
            assertThat(SyncMlXmlReader.read(message)).isNotNull();
            for (int n = 0; n < message.length; n++) {
                XmlFormatException e = rejects(Arrays.copyOf(message, n));
                assertThat(e.status()).as("status for a cut at %d", n).isEqualTo(BAD_REQUEST);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(3000);
    }

    @Test
    void a_cut_inside_a_multibyte_character_is_located_at_that_character() {
        String text = message("Größe");
        byte[] full = utf8(text);
        int cut = text.indexOf("ö") + 1; // after the first of ö's two bytes
        XmlFormatException e = rejects(Arrays.copyOf(full, cut));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(text.indexOf("ö") + 1);
    }

    @Test
    void empty_input_is_rejected_at_line_1_column_1() {
        XmlFormatException e = rejects(new byte[0]);
        assertThat(e.location()).isEqualTo("line 1, column 1");
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void a_size_beyond_the_long_range_is_rejected_and_the_long_maximum_is_not() {
        String meta = "<Meta><MaxMsgSize xmlns=\"syncml:metinf\">%s</MaxMsgSize></Meta></SyncHdr>";
        String max = message("x").replace("</SyncHdr>", String.format(meta, Long.MAX_VALUE));
        assertThat(SyncMlXmlReader.read(utf8(max)).header().meta().maxMsgSize()).isEqualTo(Long.MAX_VALUE);
        XmlFormatException e = rejects(message("x").replace("</SyncHdr>", String.format(meta, "9223372036854775808")));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("MaxMsgSize is not a number");
    }

    @Test
    void an_unknown_element_is_rejected_at_its_line() {
        XmlFormatException e = rejects(message("x").replace("<SyncBody>", "\n\n<SyncBody><Frobnicate/>"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("unknown element Frobnicate");
    }

    @Test
    void an_unknown_namespace_is_rejected() {
        XmlFormatException e = rejects(message("x").replace("SYNCML:SYNCML1.2", "urn:other"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("unknown namespace 'urn:other'");
    }

    @Test
    void error_messages_quoting_input_are_one_bounded_line() {
        String ns = "urn:x&#10;Injected: log line&#x202E;" + "y".repeat(5_000);
        XmlFormatException e = rejects(message("x").replace("SYNCML:SYNCML1.2", ns));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e.getMessage())
                .startsWith("element SyncML in unknown namespace 'urn:x?Injected: log line?yyy")
                .doesNotContain("\n", "\u202E")
                .hasSizeLessThan(400)
                .endsWith("(at " + e.location() + ")");
    }

    @Test
    void text_after_the_root_element_is_rejected() {
        XmlFormatException e = rejects(message("x") + "\ntrailing");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void a_second_root_element_is_rejected() {
        XmlFormatException e = rejects(message("x") + message("y"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void mismatched_end_tags_are_rejected() {
        XmlFormatException e = rejects(message("x").replace("</SyncBody>", "</SyncHdr>"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e.column()).isGreaterThan(message("x").indexOf("<Final/>"));
    }

    // ---- encoding

    @Test
    void invalid_utf8_is_rejected_at_its_line_and_column() {
        String text = message("ab").replace("<SyncBody>", "\n<SyncBody>\n");
        text = text.replace("<LocURI>ab", "\n\n    <LocURI>ab");
        byte[] input = utf8(text);
        int at = text.indexOf("ab");
        input[at] = (byte) 0xC3; // C3 followed by 'b' is no UTF-8
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo("    <LocURI>".length() + 1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void invalid_utf8_far_into_a_large_message_is_located_exactly() {
        String pad = "x".repeat(20_000);
        String text = message(pad + "\n  ab");
        byte[] input = utf8(text);
        input[text.indexOf("ab")] = (byte) 0xFF;
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
    }

    @Test
    void a_noncharacter_is_rejected_at_its_position() {
        String text = message("a\uFFFEb");
        XmlFormatException e = rejects(utf8(text));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(text.indexOf('\uFFFE') + 1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void a_control_character_is_rejected() {
        XmlFormatException e = rejects(message("a\u0001b"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void an_unknown_encoding_name_is_unsupported_media_at_the_declaration() {
        XmlFormatException e = rejects("<?xml version=\"1.0\" encoding=\"UTG-8\"?>" + message("x"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    @Test
    void xml_1_1_is_unsupported_media() {
        // XML 1.1 would let &#1; through, which no XML 1.0 writer can write back
        XmlFormatException e = rejects("<?xml version=\"1.1\"?>" + message("a&#1;b"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    @Test
    void a_message_in_another_declared_encoding_still_reads() {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + message("Gr\u00f6\u00dfe"))
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(SyncMlXmlReader.read(latin1).header().target().locUri()).isEqualTo("Größe");
    }

    // ---- entities and DTDs

    @Test
    void xml_internal_subset_entity_is_never_expanded() {
        String input = "<!DOCTYPE SyncML [<!ENTITY boom \"EXPANDED-ENTITY-TEXT\">]>\n" + message("&boom;");
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("internal subset");
        assertThat(everythingShown(e)).doesNotContain("EXPANDED-ENTITY-TEXT");
    }

    @Test
    void xml_external_entity_is_never_expanded(@TempDir Path dir) throws IOException {
        String secret = "SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String input = "<!DOCTYPE SyncML [<!ENTITY xxe SYSTEM \"" + file.toUri() + "\">]>\n" + message("&xxe;");
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(everythingShown(e)).doesNotContain(secret);
    }

    @Test
    void xml_external_dtd_is_never_loaded_so_its_entities_stay_undeclared(@TempDir Path dir) throws IOException {
        String secret = "SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        Path dtd = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY xxe SYSTEM \"" + file.toUri() + "\">");
        String input = "<!DOCTYPE SyncML SYSTEM \"" + dtd.toUri() + "\">\n" + message("&xxe;");
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("Undeclared general entity \"xxe\"");
        assertThat(everythingShown(e)).doesNotContain(secret);
    }

    @Test
    void xml_parameter_entities_are_never_expanded(@TempDir Path dir) throws IOException {
        String secret = "SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        Path dtd = Files.writeString(
                dir.resolve("params.dtd"),
                "<!ENTITY % file SYSTEM \"" + file.toUri() + "\">\n<!ENTITY leak \"%file;\">");
        String input =
                "<!DOCTYPE SyncML [<!ENTITY % remote SYSTEM \"" + dtd.toUri() + "\"> %remote;]>\n" + message("&leak;");
        XmlFormatException e = rejects(input);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(everythingShown(e)).doesNotContain(secret);
    }

    @Test
    void xml_billion_laughs_is_rejected_without_expansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE SyncML [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String prev = "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(prev.repeat(10))
                    .append("\">");
        }
        dtd.append("]>\n");
        XmlFormatException e = rejects(dtd + message("&lol9;"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e.getMessage()).doesNotContain("lollol");
    }

    @Test
    void an_undeclared_entity_reference_is_rejected() {
        XmlFormatException e = rejects(message("&nbsp;"));
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void syncml_doctype_with_public_dtd_url_parses_offline() {
        String input = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\"\n"
                + "  \"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd\">\n"
                + message("http://s/dm");
        SyncMl m = SyncMlXmlReader.read(utf8(input));
        assertThat(m.header()).isEqualTo(SampleMessages.header());
        assertThat(m.body().isFinal()).isTrue();
    }

    @Test
    void a_dtd_url_is_never_fetched() throws IOException, InterruptedException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                // Count and drop every connection, so that a fetching parser fails instead of waiting forever.
                try {
                    while (true) {
                        try (Socket s = server.accept().socket()) {
                            connections.incrementAndGet();
                        }
                    }
                } catch (IOException closed) {
                    // the test closed the server
                }
            });
            acceptor.start();
            String input = "<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\" \"http://127.0.0.1:" + port
                    + "/syncml_represent_v12.dtd\">" + message("http://s/dm");
            SyncMl m = SyncMlXmlReader.read(utf8(input));
            assertThat(m.header()).isEqualTo(SampleMessages.header());
            server.close();
            acceptor.join();
            assertThat(connections).hasValue(0);
        }
    }

    // ---- limits

    @Test
    void nesting_deeper_than_the_limit_is_rejected_without_stack_overflow() {
        String before = "<SyncML xmlns=\"SYNCML:SYNCML1.2\">" + HDR + "<SyncBody>";
        String input = before + "<Atomic>".repeat(100_000);
        XmlFormatException e = rejects(input);
        // SyncML and SyncBody are open, so Atomic number maxDepth - 1 would be element maxDepth + 1
        int failing = DecodeLimits.DEFAULT.maxDepth() - 1;
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isBetween(before.length() + (failing - 1) * 8 + 1, before.length() + failing * 8);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("nested deeper than 48");
    }

    @Test
    void nesting_up_to_the_limit_is_accepted() {
        int atomics = DecodeLimits.DEFAULT.maxDepth() - 2;
        String input = message("x").replace("<Final/>", "<Atomic>".repeat(atomics) + "</Atomic>".repeat(atomics));
        assertThat(SyncMlXmlReader.read(utf8(input)).body().commands()).hasSize(1);
    }

    @Test
    void a_message_larger_than_the_limit_is_too_large() {
        byte[] input = utf8(message("x"));
        assertThat(SyncMlXmlReader.read(input, DecodeLimits.DEFAULT.withMaxMessageBytes(input.length)))
                .isNotNull();
        Throwable t = catchThrowable(() -> SyncMlXmlReader.read(input, DecodeLimits.DEFAULT.withMaxMessageBytes(100)));
        assertThat(t).isExactlyInstanceOf(XmlFormatException.class);
        XmlFormatException e = (XmlFormatException) t;
        assertThat(e.status()).isEqualTo(TOO_LARGE);
        // Refused before parsing: the whole message is the problem, so there is no line to name.
        assertThat(e.location()).isEmpty();
        assertThat(e).hasMessageContaining("exceeds the limit of 100");
    }

    @Test
    void more_elements_than_the_limit_is_too_large() {
        // SyncML, SyncHdr, VerDTD, VerProto, SessionID, MsgID, Target, LocURI, Source, LocURI, SyncBody, Final
        byte[] input = utf8(message("x"));
        assertThat(SyncMlXmlReader.read(input, DecodeLimits.DEFAULT.withMaxElements(12)))
                .isNotNull();
        XmlFormatException e = rejects(input, DecodeLimits.DEFAULT.withMaxElements(11));
        assertThat(e.status()).isEqualTo(TOO_LARGE);
        assertThat(e.column()).isGreaterThan(message("x").indexOf("<Final/>"));
    }

    @Test
    void too_many_attributes_hit_the_parser_limit() {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            attrs.append(" a").append(i).append("=\"x\"");
        }
        XmlFormatException e = rejects(message("x").replace("<SyncHdr>", "<SyncHdr" + attrs + ">"));
        assertThat(e.status()).isEqualTo(TOO_LARGE);
        assertThat(e).hasMessageContaining("limit (32) exceeded");
    }

    @Test
    void an_element_named_like_a_limit_message_is_still_a_bad_request() {
        XmlFormatException e = rejects(message("x").replace("</SyncBody>", "</Maximum>"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void decode_limits_refuse_a_depth_that_could_overflow_the_stack() {
        assertThatThrownBy(() -> DecodeLimits.DEFAULT.withMaxDepth(DecodeLimits.MAX_DEPTH_CEILING + 1))
                .isInstanceOf(IllegalArgumentException.class);
        DecodeLimits deepest = DecodeLimits.DEFAULT.withMaxDepth(DecodeLimits.MAX_DEPTH_CEILING);
        int atomics = DecodeLimits.MAX_DEPTH_CEILING - 2;
        String input = message("x").replace("<Final/>", "<Atomic>".repeat(atomics) + "</Atomic>".repeat(atomics));
        assertThat(SyncMlXmlReader.read(utf8(input), deepest)).isNotNull();
    }
}
