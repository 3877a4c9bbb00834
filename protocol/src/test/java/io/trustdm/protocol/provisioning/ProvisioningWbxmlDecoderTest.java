package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.StatusCode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Hostile and unusual WBXML: every failure is a ProvisioningFormatException with an offset and a status. */
class ProvisioningWbxmlDecoderTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ProvisioningFormatException fails(String hex) {
        return fails(HEX.parseHex(hex), DecodeLimits.DEFAULT);
    }

    private static ProvisioningFormatException fails(byte[] wbxml, DecodeLimits limits) {
        ProvisioningFormatException e = catchThrowableOfType(
                () -> ProvisioningWbxmlDecoder.decode(wbxml, limits), ProvisioningFormatException.class);
        assertThat(e).as("decoding must fail with ProvisioningFormatException").isNotNull();
        assertThat(e).isInstanceOf(SyncMlFormatException.class);
        assertThat(e.offset()).isBetween(0L, (long) wbxml.length);
        assertThat(e.location()).isEqualTo("byte " + e.offset());
        return e;
    }

    @Test
    void truncation_at_every_byte_offset_is_a_typed_error_with_an_offset() {
        for (String vector :
                new String[] {"w7-acme.libwbxml.hex", "w7-minimal.libwbxml.hex", "w7-acme.kannel-sendota.hex"}) {
            byte[] full = Fixtures.hex(vector);
            for (int n = 0; n < full.length; n++) {
                ProvisioningFormatException e = fails(Arrays.copyOf(full, n), DecodeLimits.DEFAULT);
                assertThat(e.status()).as("%s cut at %d", vector, n).isEqualTo(StatusCode.BAD_REQUEST);
            }
        }
    }

    @Test
    void every_single_byte_change_of_a_vector_decodes_or_fails_typed() {
        byte[] full = Fixtures.hex("w7-acme.libwbxml.hex");
        for (int i = 0; i < full.length; i++) {
            for (int v : new int[] {0x00, 0x01, 0x03, 0x04, 0x43, 0x80, 0x83, 0xC3, 0xFF}) {
                byte[] b = full.clone();
                b[i] = (byte) v;
                try {
                    ProvisioningWbxmlDecoder.decode(b);
                } catch (ProvisioningFormatException expected) {
                    assertThat(expected.offset()).isBetween(0L, (long) b.length);
                }
            }
        }
    }

    @Test
    void accepts_the_textual_public_identifier_and_the_unknown_one() {
        // public id 0 + string table index 0 holding the PROV FPI
        byte[] fpi = (ProvisioningDocument.FPI + "\0").getBytes();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("0300006a"));
        b.write(fpi.length);
        b.writeBytes(fpi);
        b.writeBytes(HEX.parseHex("05"));
        assertThat(ProvisioningWbxmlDecoder.decode(b.toByteArray()).characteristics())
                .isEmpty();
        assertThat(ProvisioningWbxmlDecoder.decode(HEX.parseHex("03016a0005")).characteristics())
                .isEmpty();
    }

    @Test
    void rejects_other_documents_with_415() {
        assertThat(fails("03a4016a006d").status()).isEqualTo(StatusCode.UNSUPPORTED_MEDIA_TYPE); // SyncML 1.2
        assertThat(fails("040b6a0005").status()).isEqualTo(StatusCode.UNSUPPORTED_MEDIA_TYPE); // WBXML 1.4
        assertThat(fails("030b0300").status()).isEqualTo(StatusCode.BAD_REQUEST); // truncated after the header
        assertThat(fails("030b8f0f0005").status()).isEqualTo(StatusCode.UNSUPPORTED_MEDIA_TYPE); // UTF-16 MIBenum
    }

    @Test
    void iso_8859_1_strings_are_read_in_that_charset() {
        ProvisioningDocument d = ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b040045c65003e900010101"));
        assertThat(d.characteristics().get(0).type()).isEqualTo("é");
    }

    @Test
    void attribute_values_join_prefix_strings_tokens_table_references_entities_and_opaque() {
        // string table "abc\0"; parm name="NAME"+"X" value = STR_I "a" + IPV4 + STR_T 0 + ENTITY 0xE9 + OPAQUE "z"
        String hex = "030b6a0461626300" + "45c6530187" + "07035800" + "06036100" + "85" + "8300" + "0281 69" + "c3017a"
                + "01" + "0101";
        ProvisioningDocument d = ProvisioningWbxmlDecoder.decode(HEX.parseHex(hex.replace(" ", "")));
        assertThat(d.characteristics().get(0).parms()).containsExactly(Parm.of("NAMEX", "aIPV4abcéz"));
    }

    @Test
    void literal_tags_and_attributes_naming_prov_items_are_accepted() {
        // string table: "characteristic\0type\0"; LITERAL tag with attributes (0x84) index 0, LITERAL attr index 15
        byte[] table = "characteristic\0type\0".getBytes();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("030b6a"));
        b.write(table.length);
        b.writeBytes(table);
        b.writeBytes(HEX.parseHex("45" + "8400" + "040f" + "03583100" + "01" + "01"));
        assertThat(ProvisioningWbxmlDecoder.decode(b.toByteArray()))
                .isEqualTo(ProvisioningDocument.of(null, Characteristic.of("X1")));
    }

    @Test
    void empty_value_and_absent_value_stay_apart() {
        // parm name="E" value= (nothing), parm name="INIT"
        ProvisioningDocument d =
                ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b6a0045c65301870503450006018705034e0001" + "0101"));
        assertThat(d.characteristics().get(0).parms()).containsExactly(Parm.of("E", ""), Parm.flag("N"));
    }

    @Test
    void whitespace_text_between_elements_is_ignored_and_other_text_rejected() {
        assertThat(ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b6a0045030a200086530101")))
                .isEqualTo(ProvisioningDocument.of(null, Characteristic.of("PORT")));
        ProvisioningFormatException e = fails("030b6a00450378000186530101");
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e).hasMessageContaining("text");
    }

    @Test
    void rejects_structure_prov_does_not_define() {
        assertThat(fails("030b6a00c60150037800010101")).hasMessageContaining("root"); // characteristic as root
        assertThat(fails("030b6a00458705037800010101")).hasMessageContaining("parm directly"); // parm under root
        assertThat(fails("030b6a0045c65301c5010101")).hasMessageContaining("not allowed"); // nested root
        assertThat(fails("030b6a0045c65301c70503780001" + "865301" + "010101"))
                .hasMessageContaining("parm cannot have");
        assertThat(fails("030b6a0045c6530187060378000101 0101".replace(" ", "")))
                .hasMessageContaining("without name");
        assertThat(fails("030b6a0045460101")).hasMessageContaining("without type");
        assertThat(fails("030b6a0045c653500378000101" + "01")).hasMessageContaining("repeated");
        assertThat(fails("030b6a0045c6050378000101 01".replace(" ", ""))).hasMessageContaining("not allowed on");
        assertThat(fails("030b6a00050101")).hasMessageContaining("after the root");
        assertThat(fails("030b6a0045c653010101" + "01")).hasMessageContaining("after the root");
        assertThat(fails("030b6a0001")).hasMessageContaining("END without");
    }

    @Test
    void rejects_unknown_tokens_pages_extensions_and_processing_instructions() {
        assertThat(fails("030b6a00454801")).hasMessageContaining("unknown tag token 0x8");
        assertThat(fails("030b6a000002").offset()).isEqualTo(4);
        assertThat(fails("030b6a0045c64d0101")).hasMessageContaining("unknown attribute token 0x4d");
        assertThat(fails("030b6a0045c600015085010101")).hasMessageContaining("unknown attribute value token 0x85");
        assertThat(fails("030b6a0045c600020101")).hasMessageContaining("code page 2");
        assertThat(fails("030b6a0045c6538003010101")).hasMessageContaining("extension");
        assertThat(fails("030b6a00454301")).hasMessageContaining("processing instructions");
        assertThat(fails("030b6a0045c68501")).hasMessageContaining("before any attribute name");
        assertThat(fails("030b6a0045c65383050101")).hasMessageContaining("outside the table");
        assertThat(fails("030b6a0045c65302a0c080000101")).hasMessageContaining("ENTITY");
        assertThat(fails("030b6a0045c65303ff00010101")).hasMessageContaining("UTF-8");
        assertThat(fails("030b6a0045c653018705034e00060201010101"))
                .hasMessageContaining("XML cannot carry"); // ENTITY 1
        assertThat(fails("030b6a0045c653c3050101")).hasMessageContaining("OPAQUE");
        assertThat(fails("030b6a0045c65303ffffffffff7f")).hasMessageContaining("");
    }

    @Test
    void error_messages_never_quote_attribute_values() {
        // AAUTHSECRET "hunter2" followed by an unknown value token
        byte[] doc = HEX.parseHex("030b6a0045c600015701873200000603" + HEX.formatHex("hunter2".getBytes()) + "00ee01");
        assertThat(fails(doc, DecodeLimits.DEFAULT).getMessage()).doesNotContain("hunter2");
    }

    @Test
    void rejects_a_document_larger_than_the_limit_with_413() {
        byte[] doc = Fixtures.hex("w7-acme.libwbxml.hex");
        ProvisioningFormatException e = fails(doc, DecodeLimits.DEFAULT.withMaxMessageBytes(100));
        assertThat(e.status()).isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(e.offset()).isZero();
    }

    @Test
    void rejects_nesting_deeper_than_the_limit() {
        StringBuilder hex = new StringBuilder("030b6a0045");
        for (int i = 0; i < 60; i++) {
            hex.append("c6530101".substring(0, 6)); // characteristic type=PORT with content
        }
        ProvisioningFormatException e = fails(hex.toString());
        assertThat(e).hasMessageContaining("deeper than 48");
        assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST);
    }

    @Test
    void rejects_more_elements_than_the_limit_with_413() {
        StringBuilder hex = new StringBuilder("030b6a0045");
        for (int i = 0; i < 20; i++) {
            hex.append("865301");
        }
        hex.append("01");
        ProvisioningFormatException e = fails(HEX.parseHex(hex.toString()), DecodeLimits.DEFAULT.withMaxElements(10));
        assertThat(e.status()).isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(ProvisioningWbxmlDecoder.decode(HEX.parseHex(hex.toString())).characteristics())
                .hasSize(20);
    }

    @Test
    void rejects_a_string_table_beyond_the_limit_with_413() {
        ProvisioningFormatException e =
                fails(HEX.parseHex("030b6a81000000"), DecodeLimits.DEFAULT.withMaxStringTableBytes(64));
        assertThat(e.status()).isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(e.offset()).isEqualTo(3);
    }

    @Test
    void string_table_references_cannot_expand_beyond_the_message_size_limit() {
        // a 60 KiB string in the table, referenced 2000 times in one value: 120 MB of text from 64 KB of input
        int len = 60 * 1024;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(HEX.parseHex("030b6a"));
        b.writeBytes(HEX.parseHex("83e001")); // mb_u_int32 61441 = len + 1
        b.writeBytes(new byte[len]);
        byte[] out = b.toByteArray();
        Arrays.fill(out, 6, 6 + len, (byte) 'a');
        b = new ByteArrayOutputStream();
        b.writeBytes(out);
        b.write(0);
        b.writeBytes(HEX.parseHex("45c653018705037800" + "06"));
        for (int i = 0; i < 2000; i++) {
            b.writeBytes(HEX.parseHex("8300"));
        }
        b.writeBytes(HEX.parseHex("01010101"));
        ProvisioningFormatException e =
                fails(b.toByteArray(), DecodeLimits.DEFAULT.withMaxStringTableBytes(128 * 1024));
        assertThat(e.status()).isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(e).hasMessageContaining("decoded text exceeds");
    }

    @Test
    void a_thousand_attribute_page_switches_do_not_matter() {
        assertThat(ProvisioningWbxmlDecoder.decode(HEX.parseHex("030b6a0045c6" + "0001".repeat(500) + "5501" + "0101")))
                .isEqualTo(ProvisioningDocument.of(null, Characteristic.of("APPLICATION")));
    }
}
