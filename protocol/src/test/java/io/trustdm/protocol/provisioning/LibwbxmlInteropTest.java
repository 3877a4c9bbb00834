package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with the installed libwbxml (Debian package libwbxml2-utils): what we encode, wbxml2xml reads
 * back to the same document; what xml2wbxml encodes, we decode to the same document. When the tools are missing the
 * test fails, unless -Dtrustdm.skipPeers=true, which skips it.
 */
class LibwbxmlInteropTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @BeforeAll
    static void tools_are_installed() {
        boolean present = onPath("xml2wbxml") && onPath("wbxml2xml");
        if (!present) {
            Assumptions.assumeFalse(
                    Boolean.getBoolean("trustdm.skipPeers"),
                    "libwbxml tools (xml2wbxml, wbxml2xml) not installed; skipped because trustdm.skipPeers=true");
            fail("xml2wbxml / wbxml2xml not found on PATH: install them with 'apt-get install -y libwbxml2-utils'"
                    + " (or run with -Dtrustdm.skipPeers=true to skip this peer test)");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tool.log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command[0] + " did not finish");
        }
        assertThat(p.exitValue())
                .as(String.join(" ", command) + ": " + Files.readString(dir.resolve("tool.log")))
                .isZero();
    }

    private ProvisioningDocument libwbxmlDecodes(byte[] wbxml) throws Exception {
        Files.write(dir.resolve("in.wbxml"), wbxml);
        run("wbxml2xml", "-o", "out.xml", "in.wbxml");
        return ProvisioningXmlReader.read(Files.readAllBytes(dir.resolve("out.xml")));
    }

    private byte[] libwbxmlEncodes(ProvisioningDocument doc, boolean stringTable) throws Exception {
        Files.write(dir.resolve("in.xml"), ProvisioningXmlWriter.write(doc));
        List<String> cmd = new ArrayList<>(List.of("xml2wbxml"));
        if (!stringTable) {
            cmd.add("-n");
        }
        cmd.addAll(List.of("-o", "out.wbxml", "in.xml"));
        run(cmd.toArray(String[]::new));
        return Files.readAllBytes(dir.resolve("out.wbxml"));
    }

    /** A bootstrap with NAPDEF, PXLOGICAL/PXPHYSICAL and w7, touching both code pages. */
    static ProvisioningDocument bootstrap() {
        return ProvisioningDocument.of(
                "1.1",
                Characteristic.of(
                        "NAPDEF",
                        Parm.of("NAPID", "NAP1"),
                        Parm.of("BEARER", "GSM-GPRS"),
                        Parm.of("NAME", "Acme Internet"),
                        Parm.of("NAP-ADDRESS", "internet.acme.example"),
                        Parm.of("NAP-ADDRTYPE", "APN"),
                        Characteristic.of(
                                "NAPAUTHINFO",
                                Parm.of("AUTHTYPE", "PAP"),
                                Parm.of("AUTHNAME", "user"),
                                Parm.of("AUTHSECRET", "p\u00e4ss & <word>"))),
                Characteristic.of(
                        "PXLOGICAL",
                        Parm.of("PROXY-ID", "PX1"),
                        Parm.of("NAME", "Acme proxy"),
                        Characteristic.of(
                                "PXPHYSICAL",
                                Parm.of("PHYSICAL-PROXY-ID", "PHY1"),
                                Parm.of("PXADDR", "10.1.2.3"),
                                Parm.of("PXADDRTYPE", "IPV4"),
                                Parm.of("TO-NAPID", "NAP1"),
                                Characteristic.of("PORT", Parm.of("PORTNBR", "8080"), Parm.of("SERVICE", "CO-WSP")))),
                new W7Application(
                                "acme-dm",
                                "Acme \u201cDM\u201d",
                                List.of(new W7Application.ConnectionRef(W7Application.ConnectionKind.PROXY, "PX1")),
                                List.of(new W7Application.AppAddr(
                                        "https://dm.acme.example/dm",
                                        "IPV6",
                                        List.of(new W7Application.AppPort("443", List.of())))),
                                List.of(
                                        W7Application.AppAuth.clientCredentials(
                                                "DIGEST", "IMEI:490154203237518", "c-secret", new byte[] {1, 2, 3}),
                                        W7Application.AppAuth.serverCredentials("HTTP-DIGEST", "acme-dm", "s", null),
                                        new W7Application.AppAuth(
                                                W7Application.AuthLevel.OBEX, "BASIC", "o", "", null)),
                                true,
                                List.of(Parm.of("VENDOR-X", ""), Characteristic.of("RESOURCE", Parm.of("URI", "/x"))))
                        .toCharacteristic());
    }

    @Test
    void wbxml2xml_reads_what_we_encode() throws Exception {
        for (ProvisioningDocument doc : List.of(
                ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml")),
                ProvisioningXmlReader.read(Fixtures.bytes("w7-minimal.xml")),
                bootstrap())) {
            assertThat(libwbxmlDecodes(ProvisioningWbxmlEncoder.encode(doc))).isEqualTo(doc);
        }
    }

    @Test
    void wbxml2xml_reads_our_string_table() throws Exception {
        ProvisioningDocument doc = ProvisioningDocument.of(
                null,
                Characteristic.of("NAPDEF", Parm.of("NAPID", "NAP1"), Parm.of("NAME", "Internet")),
                Characteristic.of("NAPDEF", Parm.of("NAPID", "NAP2"), Parm.of("NAME", "Internet")));
        byte[] ours =
                ProvisioningWbxmlEncoder.encode(doc, ProvisioningWbxmlEncoder.Options.DEFAULT.withStringTable(true));
        assertThat(HEX.formatHex(ours))
                .startsWith("030b6a09" + HEX.formatHex("Internet\0".getBytes(StandardCharsets.UTF_8)));
        assertThat(libwbxmlDecodes(ours)).isEqualTo(doc);
        // and libwbxml's own string-table output for it is byte-identical (no value holds a table string inside it:
        // libwbxml would also refer to "Internet" inside "Internet2", we do not)
        assertThat(HEX.formatHex(libwbxmlEncodes(doc, true))).isEqualTo(HEX.formatHex(ours));
    }

    @Test
    void we_decode_what_xml2wbxml_encodes_with_and_without_string_table() throws Exception {
        for (ProvisioningDocument doc :
                List.of(ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml")), bootstrap())) {
            assertThat(ProvisioningWbxmlDecoder.decode(libwbxmlEncodes(doc, false)))
                    .isEqualTo(doc);
            assertThat(ProvisioningWbxmlDecoder.decode(libwbxmlEncodes(doc, true)))
                    .isEqualTo(doc);
        }
    }

    @Test
    void our_output_equals_xml2wbxml_n_when_no_value_holds_token_text_inside_it() throws Exception {
        ProvisioningDocument doc = bootstrap();
        assertThat(HEX.formatHex(ProvisioningWbxmlEncoder.encode(doc)))
                .isEqualTo(HEX.formatHex(libwbxmlEncodes(doc, false)));
    }

    @Test
    void values_with_token_text_inside_encode_differently_but_decode_the_same() throws Exception {
        // libwbxml splits "aMANb,c" around MAN (page 0) and "," (page 1); we keep the string whole
        ProvisioningDocument doc =
                ProvisioningDocument.of(null, Characteristic.of("NAPDEF", Parm.of("CLIENT-ID-X", "aMANb,c")));
        byte[] theirs = libwbxmlEncodes(doc, false);
        byte[] ours = ProvisioningWbxmlEncoder.encode(doc);
        assertThat(ours).isNotEqualTo(theirs);
        assertThat(HEX.formatHex(theirs)).contains("8c").contains("000190");
        assertThat(ProvisioningWbxmlDecoder.decode(theirs)).isEqualTo(doc);
        assertThat(libwbxmlDecodes(ours)).isEqualTo(doc);
    }
}
