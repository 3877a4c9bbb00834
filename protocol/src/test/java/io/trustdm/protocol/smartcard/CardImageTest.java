package io.trustdm.protocol.smartcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardImageTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] DOC = HexFormat.of().parseHex("030B6A0054455354444F43");

    @Test
    void odf_points_to_the_dodf_with_the_pkcs15_data_objects_choice() {
        assertThat(HEX.formatHex(Pkcs15.odf(0x5207))).isEqualTo("A706300404025207");
        assertThat(Pkcs15.dodfFid(Pkcs15.odf(0x5207))).isEqualTo(0x5207);
    }

    @Test
    void dodf_entry_carries_label_the_dm_bootstrap_oid_2_23_43_7_1_and_a_path() {
        byte[] dodf = Pkcs15.dodf(
                List.of(new Pkcs15.DataObject("DM_Bootstrap", BootstrapCardLayout.DM_BOOTSTRAP_OID, 0x5208)));
        assertThat(HEX.formatHex(dodf))
                .isEqualTo("3020" + "300E0C0C" + HEX.formatHex("DM_Bootstrap".getBytes(StandardCharsets.US_ASCII))
                        + "3006" + "0604672B0701" + "A106300404025208");
        List<Pkcs15.DataObject> read = Pkcs15.dataObjects(dodf);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).label()).isEqualTo("DM_Bootstrap");
        assertThat(read.get(0).hasOid(BootstrapCardLayout.DM_BOOTSTRAP_OID)).isTrue();
        assertThat(read.get(0).fid()).isEqualTo(0x5208);
    }

    @Test
    void bootstrap_image_round_trips_through_its_file_format() {
        CardImage image = CardImage.bootstrap(DOC, "application/vnd.syncml.dm+wbxml; SEC=USERPIN; MAC=00");
        CardImage back = CardImage.decode(image.encode());
        assertThat(back).isEqualTo(image);
        assertThat(back.aid()).isEqualTo(BootstrapCardLayout.PKCS15_AID);
        assertThat(back.files()).extracting(CardImage.CardFile::fid).containsExactly(0x5031, 0x5207, 0x5208, 0x5209);
        assertThat(back.file(0x5208).orElseThrow().content()).isEqualTo(DOC);
        List<Pkcs15.DataObject> objects =
                Pkcs15.dataObjects(back.file(0x5207).orElseThrow().content());
        assertThat(objects)
                .extracting(Pkcs15.DataObject::label)
                .containsExactly("DM_Bootstrap", "DM_Bootstrap_ContentType");
    }

    @Test
    void image_without_content_type_has_no_content_type_ef() {
        CardImage image = CardImage.bootstrap(DOC, null);
        assertThat(image.file(BootstrapCardLayout.FID_CONTENT_TYPE)).isEmpty();
        assertThat(Pkcs15.dataObjects(image.file(0x5207).orElseThrow().content()))
                .hasSize(1);
    }

    @Test
    void truncated_image_or_dodf_is_a_card_format_exception() {
        byte[] enc = CardImage.bootstrap(DOC, null).encode();
        assertThatThrownBy(() -> CardImage.decode(Arrays.copyOf(enc, enc.length - 3)))
                .isInstanceOf(CardFormatException.class)
                .hasMessageContaining("truncated");
        byte[] dodf = CardImage.bootstrap(DOC, null).file(0x5207).orElseThrow().content();
        assertThatThrownBy(() -> Pkcs15.dataObjects(Arrays.copyOf(dodf, dodf.length - 1)))
                .isInstanceOf(CardFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> CardImage.decode("not an image".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CardFormatException.class);
    }

    @Test
    void unused_ef_space_after_the_records_is_ignored() {
        byte[] odf = Pkcs15.odf(0x4401);
        byte[] padded = Arrays.copyOf(odf, odf.length + 8);
        Arrays.fill(padded, odf.length, padded.length, (byte) 0xFF);
        assertThat(Pkcs15.dodfFid(padded)).isEqualTo(0x4401);
    }

    @Test
    void profile_is_sniffed_from_the_wbxml_public_id_when_no_content_type_ef_exists() {
        assertThat(BootstrapCardLayout.sniffMediaType(DOC)).isEqualTo("application/vnd.wap.connectivity-wbxml");
        assertThat(BootstrapCardLayout.sniffMediaType(HexFormat.of().parseHex("02A4016A00")))
                .isEqualTo("application/vnd.syncml.dm+wbxml");
    }
}
