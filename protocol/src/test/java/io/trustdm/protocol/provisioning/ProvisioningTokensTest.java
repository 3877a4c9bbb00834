package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.provisioning.ProvisioningTokens.AttrStart;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the token tables against what probe/probe_prov10.py recorded from libwbxml 0.11.8
 * (probe/prov10-libwbxml-tokens.tsv): every probed token means the same here, nothing here is unprobed, and the
 * encoder writes the same bytes as xml2wbxml -n for every probed attribute.
 */
class ProvisioningTokensTest {
    private static final HexFormat HEX = HexFormat.of();

    private record Row(String[] cells) {
        String cell(int i) {
            return cells[i];
        }
    }

    private static List<Row> rows(String kind) {
        List<Row> out = new ArrayList<>();
        for (String line : Fixtures.text("probe/prov10-libwbxml-tokens.tsv").split("\n")) {
            if (line.startsWith(kind + "\t")) {
                out.add(new Row(line.split("\t", -1)));
            }
        }
        return out;
    }

    /** libwbxml misspells the BEARER values 0xB5/0xB6; we use the OMA spelling (see ProvisioningTokens). */
    private static String omaSpelling(String libwbxml) {
        return libwbxml.startsWith("TRETRA-") ? "TETRA-" + libwbxml.substring("TRETRA-".length()) : libwbxml;
    }

    @Test
    void every_probed_decode_token_has_the_same_meaning_here() {
        List<Row> decode = rows("decode");
        assertThat(decode).hasSizeGreaterThan(170);
        for (Row r : decode) {
            int page = Integer.parseInt(r.cell(2));
            int token = Integer.parseInt(r.cell(3), 16);
            String meaning = r.cell(4);
            switch (r.cell(1)) {
                case "tag" ->
                    assertThat(decodeTag(page, token, meaning))
                            .as("tag %s", meaning)
                            .isTrue();
                case "attr-start" -> {
                    String attribute = meaning.substring(0, meaning.indexOf('='));
                    String prefix = meaning.substring(meaning.indexOf('=') + 1);
                    assertThat(ProvisioningTokens.attrStart(page, token))
                            .as("attribute start page %d token %02x", page, token)
                            .isEqualTo(new AttrStart(attribute, prefix));
                }
                case "attr-value" ->
                    assertThat(ProvisioningTokens.attrValue(page, token))
                            .as("attribute value page %d token %02x", page, token)
                            .isEqualTo(omaSpelling(meaning));
                default -> throw new AssertionError("unexpected row kind " + r.cell(1));
            }
        }
    }

    @Test
    void no_token_here_is_missing_from_the_probe() {
        int starts = 0;
        int values = 0;
        for (int page = 0; page < 2; page++) {
            for (int t = 0; t < 256; t++) {
                if (t < 128 && ProvisioningTokens.attrStart(page, t) != null) {
                    starts++;
                }
                if (ProvisioningTokens.attrValue(page, t) != null) {
                    values++;
                }
            }
        }
        assertThat(starts)
                .isEqualTo(rows("decode").stream()
                        .filter(r -> r.cell(1).equals("attr-start"))
                        .count());
        assertThat(values)
                .isEqualTo(rows("decode").stream()
                        .filter(r -> r.cell(1).equals("attr-value"))
                        .count());
    }

    @Test
    void encoder_writes_the_same_attribute_bytes_as_xml2wbxml_for_every_probed_attribute() {
        List<Row> encode = rows("encode");
        assertThat(encode).hasSizeGreaterThan(150);
        int checked = 0;
        for (Row r : encode) {
            String attr = r.cell(1).substring(0, r.cell(1).indexOf('='));
            String value = r.cell(1).substring(r.cell(1).indexOf('=') + 1);
            String expected = r.cell(2);
            if (value.startsWith("TRETRA-")) {
                // libwbxml tokenises its misspelling; we keep that text literal (tested below)
                continue;
            }
            if (LIBWBXML_PREFIX_MATCHES.contains(r.cell(1))) {
                // libwbxml used a token whose text is only a prefix of the name (CLIENT-ID-X -> CLIENT-ID + "-X");
                // we write the whole name as a string instead, a valid alternative
                assertThat(expected).isEqualTo("30032d5800");
                assertThat(attributeBytes(attr, value)).isEqualTo("0503" + HEX.formatHex(value.getBytes()) + "00");
                continue;
            }
            assertThat(attributeBytes(attr, value)).as(r.cell(1)).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void libwbxml_misspelled_bearer_values_are_decoded_with_the_oma_spelling_and_written_literally() {
        assertThat(ProvisioningTokens.attrValue(0, 0xB5)).isEqualTo("TETRA-SDS");
        assertThat(ProvisioningTokens.attrValue(0, 0xB6)).isEqualTo("TETRA-PACKET");
        assertThat(attributeBytes("value", "TETRA-SDS"))
                .isEqualTo("0603" + HEX.formatHex("TETRA-SDS".getBytes()) + "00");
        assertThat(attributeBytes("value", "TRETRA-SDS"))
                .isEqualTo("0603" + HEX.formatHex("TRETRA-SDS".getBytes()) + "00");
        // TETRA-ITSI is spelled right by libwbxml and stays a token
        assertThat(attributeBytes("value", "TETRA-ITSI")).isEqualTo("068b");
    }

    private static final Set<String> LIBWBXML_PREFIX_MATCHES = Set.of("name=CLIENT-ID-X");

    /** Decodes a document using this tag token on this tag page and checks the element came out. */
    private static boolean decodeTag(int page, int token, String meaning) {
        String p = String.format("%02x", page);
        String t = String.format("%02x", token | 0x80);
        switch (meaning) {
            case "wap-provisioningdoc" -> {
                return ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b6a00" + String.format("%02x", token)))
                        .characteristics()
                        .isEmpty();
            }
            case "characteristic" -> {
                // root, switch tag page, characteristic type="x" without content, end root
                ProvisioningDocument d =
                        ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b6a004500" + p + t + "500378000101"));
                return d.equals(ProvisioningDocument.of(null, Characteristic.of("x")));
            }
            case "parm" -> {
                // root, characteristic type="x", switch tag page, parm name="x", end characteristic, end root
                ProvisioningDocument d = ProvisioningWbxmlDecoder.decode(
                        HEX.parseHex("030b6a0045c65003780001" + "00" + p + t + "0503780001" + "0101"));
                return d.equals(ProvisioningDocument.of(null, Characteristic.of("x", Parm.flag("x"))));
            }
            default -> throw new AssertionError("unexpected tag " + meaning);
        }
    }

    /** The bytes our encoder writes for one attribute, in the same surroundings the probe used. */
    private static String attributeBytes(String attr, String value) {
        String hex;
        String prefix;
        String suffix;
        switch (attr) {
            case "type" -> {
                hex = HEX.formatHex(
                        ProvisioningWbxmlEncoder.encode(ProvisioningDocument.of(null, Characteristic.of(value))));
                prefix = "030b6a004586";
                suffix = "0101";
            }
            case "version" -> {
                hex = HEX.formatHex(
                        ProvisioningWbxmlEncoder.encode(ProvisioningDocument.of(value, Characteristic.of("PORT"))));
                prefix = "030b6a00c5";
                suffix = "0186530101";
            }
            case "name" -> {
                hex = HEX.formatHex(ProvisioningWbxmlEncoder.encode(
                        ProvisioningDocument.of(null, Characteristic.of("PORT", Parm.flag(value)))));
                prefix = "030b6a0045c6530187";
                suffix = "010101";
            }
            default -> {
                hex = HEX.formatHex(ProvisioningWbxmlEncoder.encode(
                        ProvisioningDocument.of(null, Characteristic.of("PORT", Parm.of("NAME", value)))));
                prefix = "030b6a0045c653018707";
                suffix = "010101";
            }
        }
        assertThat(hex).startsWith(prefix).endsWith(suffix);
        return hex.substring(prefix.length(), hex.length() - suffix.length());
    }
}
