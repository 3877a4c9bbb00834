package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The PROV vectors of shared/peers.md: libwbxml 0.11.8 (§1) and Kannel 1.4.5 sendota (§2). */
class ProvisioningReferenceVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ProvisioningDocument acme() {
        return ProvisioningDocument.of(
                "1.1",
                Characteristic.of(
                        "APPLICATION",
                        Parm.of("APPID", "w7"),
                        Parm.of("PROVIDER-ID", "acme-dm"),
                        Parm.of("NAME", "Acme DM"),
                        Parm.of("ADDR", "http://127.0.0.1:8080/dm"),
                        Characteristic.of(
                                "APPAUTH",
                                Parm.of("AAUTHLEVEL", "APPSRV"),
                                Parm.of("AAUTHTYPE", "DIGEST"),
                                Parm.of("AAUTHNAME", "server"),
                                Parm.of("AAUTHSECRET", "serverpw"),
                                Parm.of("AAUTHDATA", "bm9uY2U=")),
                        Characteristic.of(
                                "APPAUTH",
                                Parm.of("AAUTHLEVEL", "CLIENT"),
                                Parm.of("AAUTHTYPE", "DIGEST"),
                                Parm.of("AAUTHNAME", "client"),
                                Parm.of("AAUTHSECRET", "clientpw"))));
    }

    @Test
    void xml_of_the_230_byte_vector_reads_to_the_expected_model() {
        assertThat(ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml"))).isEqualTo(acme());
    }

    @Test
    void encoder_output_is_byte_identical_to_libwbxml_for_the_230_byte_vector() {
        byte[] expected = Fixtures.hex("w7-acme.libwbxml.hex");
        assertThat(expected).hasSize(230);
        byte[] ours = ProvisioningWbxmlEncoder.encode(ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml")));
        assertThat(HEX.formatHex(ours)).isEqualTo(HEX.formatHex(expected));
    }

    @Test
    void encoder_output_is_byte_identical_to_libwbxml_for_the_30_byte_vector() {
        byte[] expected = Fixtures.hex("w7-minimal.libwbxml.hex");
        assertThat(expected).hasSize(30);
        byte[] ours = ProvisioningWbxmlEncoder.encode(ProvisioningXmlReader.read(Fixtures.bytes("w7-minimal.xml")));
        assertThat(HEX.formatHex(ours)).isEqualTo(HEX.formatHex(expected));
    }

    @Test
    void the_string_table_option_changes_nothing_when_no_value_repeats() {
        // neither vector repeats a string, and libwbxml's default (string table on) wrote none
        assertThat(ProvisioningWbxmlEncoder.encode(
                        acme(), ProvisioningWbxmlEncoder.Options.DEFAULT.withStringTable(true)))
                .isEqualTo(Fixtures.hex("w7-acme.libwbxml.hex"));
    }

    @Test
    void decodes_the_libwbxml_vectors_to_the_models_of_their_xml() {
        assertThat(ProvisioningWbxmlDecoder.decode(Fixtures.hex("w7-acme.libwbxml.hex")))
                .isEqualTo(acme());
        assertThat(ProvisioningWbxmlDecoder.decode(Fixtures.hex("w7-minimal.libwbxml.hex")))
                .isEqualTo(ProvisioningDocument.of(
                        null, Characteristic.of("APPLICATION", Parm.of("APPID", "w7"), Parm.of("NAME", "DM"))));
    }

    @Test
    void decodes_the_kannel_sendota_body_which_stays_on_attribute_page_1() {
        byte[] kannel = Fixtures.hex("w7-acme.kannel-sendota.hex");
        assertThat(kannel).hasSize(218);
        // Kannel writes AAUTHLEVEL=APPSRV as 87 30 06 8d: value= (0x06) and APPSRV (0x8d) both on page 1
        assertThat(HEX.formatHex(kannel)).contains("8730068d");
        assertThat(ProvisioningWbxmlDecoder.decode(kannel)).isEqualTo(acme());
    }

    @Test
    void libwbxml_and_kannel_differ_only_in_page_switches() {
        byte[] lib = Fixtures.hex("w7-acme.libwbxml.hex");
        byte[] kannel = Fixtures.hex("w7-acme.kannel-sendota.hex");
        // the 12 extra bytes are six "00 00" / "00 01" switches around value= and APPSRV/DIGEST tokens
        assertThat(lib.length - kannel.length).isEqualTo(12);
        assertThat(ProvisioningWbxmlDecoder.decode(lib)).isEqualTo(ProvisioningWbxmlDecoder.decode(kannel));
    }

    @Test
    void round_trip_xml_model_wbxml_model() {
        ProvisioningDocument fromXml = ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml"));
        ProvisioningDocument back = ProvisioningWbxmlDecoder.decode(ProvisioningWbxmlEncoder.encode(fromXml));
        assertThat(back).isEqualTo(fromXml);
        assertThat(ProvisioningXmlReader.read(ProvisioningXmlWriter.write(back)))
                .isEqualTo(fromXml);
    }

    @Test
    void writer_output_matches_the_fixture_xml() {
        assertThat(ProvisioningXmlWriter.writeString(acme())).isEqualTo(Fixtures.text("w7-acme.xml"));
    }
}
