package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WbxmlCommandTest {
    private static final String SMALL_XML = "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD>"
            + "<VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>"
            + "<Target><LocURI>http://s/dm</LocURI></Target><Source><LocURI>IMEI:1</LocURI></Source>"
            + "<Meta><MaxMsgSize xmlns='syncml:metinf'>4000</MaxMsgSize></Meta></SyncHdr>"
            + "<SyncBody><Alert><CmdID>1</CmdID><Data>1201</Data></Alert><Final/></SyncBody></SyncML>";

    // xml2wbxml (libwbxml 0.11.8) output for SMALL_XML, shared/peers.md §1
    private static final String LIBWBXML_HEX =
            "03a4016a006d6c7103312e3200017203444d2f312e32000165033100015b033100016e5703687474703a2f2f732f646d000101675703494d45493a310001015a00014c03343030300001010100006b464b033100014f0331323031000101120101";

    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();

    @Test
    void encode_writes_the_same_bytes_as_libwbxml_when_asked_for_version_1_3() throws Exception {
        Path xml = dir.resolve("small.xml");
        Files.writeString(xml, SMALL_XML);
        int code = TrustDm.run("wbxml", "encode", "--wbxml-version", "1.3", xml.toString());
        assertThat(code).isZero();
        assertThat(HexFormat.of().formatHex(console.outBytes())).isEqualTo(LIBWBXML_HEX);
    }

    @Test
    void decode_prints_canonical_xml() throws Exception {
        Path wbxml = dir.resolve("small.wbxml");
        Files.write(wbxml, HexFormat.of().parseHex(LIBWBXML_HEX));
        int code = TrustDm.run("wbxml", "decode", wbxml.toString());
        assertThat(code).isZero();
        String xml = console.out();
        assertThat(xml)
                .contains("<SyncML xmlns=\"SYNCML:SYNCML1.2\">")
                .contains("<MaxMsgSize xmlns=\"syncml:metinf\">4000</MaxMsgSize>")
                .contains("<Data>1201</Data>")
                .contains("<Final/>");
    }

    @Test
    void bad_input_exits_2_with_one_line_naming_the_problem_and_where() throws Exception {
        Path wbxml = dir.resolve("truncated.wbxml");
        byte[] full = HexFormat.of().parseHex(LIBWBXML_HEX);
        Files.write(wbxml, java.util.Arrays.copyOf(full, 40));
        int code = TrustDm.run("wbxml", "decode", wbxml.toString());
        assertThat(code).isEqualTo(2);
        String e = console.err();
        assertThat(e.lines()).hasSize(1);
        assertThat(e).contains("byte ").contains("DM status 400").doesNotContain("at io.trustdm");
        assertThat(console.outSize()).isZero();
    }

    @Test
    void verbose_adds_the_stack_trace() throws Exception {
        Path xml = dir.resolve("bad.xml");
        Files.writeString(xml, "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr>");
        int code = TrustDm.run("wbxml", "encode", "--verbose", xml.toString());
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).contains("line 1").contains("at io.trustdm");
    }

    @Test
    void missing_file_exits_2() {
        int code = TrustDm.run("wbxml", "decode", dir.resolve("nope.wbxml").toString());
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).contains("no such file");
    }
}
