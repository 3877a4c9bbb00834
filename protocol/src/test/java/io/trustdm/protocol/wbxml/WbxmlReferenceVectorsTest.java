package io.trustdm.protocol.wbxml;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte vectors captured from libwbxml and Horde (shared/peers.md §1, §6) and protocol.md §7.7. */
class WbxmlReferenceVectorsTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replaceAll("\\s", ""));
    }

    static final String LIBWBXML_SMALL =
            "03a4016a006d6c7103312e3200017203444d2f312e32000165033100015b033100016e5703687474703a2f2f732f646d000101675703494d45493a310001015a00014c03343030300001010100006b464b033100014f0331323031000101120101";

    static final String LIBWBXML_STRING_TABLE_OPAQUE =
            "03a4016a15494d45493a343933303035313030353932383030006d6c7103312e3200017203444d2f312e32000165033100015b033100016e5703687474703a2f2f3132372e302e302e313a383038302f646d0001016757830001015a00014c0331303030300001010100006b464b033100014f0331323031000101604b03320001546757032e2f446576496e666f2f44657649640001015a0001470363687200010100004fc314494d45493a3439333030353130303539323830300101546757032e2f446576496e666f2f4d616e0001014fc30441636d65010101120101";

    @Test
    void decodes_libwbxml_small_message_and_reencodes_it_byte_for_byte_as_version_1_3() {
        SyncMl m = WbxmlDecoder.decode(hex(LIBWBXML_SMALL));
        assertThat(m.header().sessionId()).isEqualTo("1");
        assertThat(m.header().target().locUri()).isEqualTo("http://s/dm");
        assertThat(m.header().meta().maxMsgSize()).isEqualTo(4000L);
        assertThat(m.body().commands())
                .singleElement()
                .isInstanceOfSatisfying(Alert.class, a -> assertThat(a.code()).isEqualTo(1201));
        assertThat(m.body().isFinal()).isTrue();
        byte[] again = WbxmlEncoder.encode(m, WbxmlEncoder.Options.DEFAULT.withVersion(3));
        assertThat(HexFormat.of().formatHex(again)).isEqualTo(LIBWBXML_SMALL);
    }

    @Test
    void decodes_string_table_references_and_opaque_data() {
        SyncMl m = WbxmlDecoder.decode(hex(LIBWBXML_STRING_TABLE_OPAQUE));
        assertThat(m.header().source().locUri()).isEqualTo("IMEI:493005100592800");
        Replace r = (Replace) m.body().commands().get(1);
        assertThat(r.items()).hasSize(2);
        assertThat(r.items().get(0).data().asText()).isEqualTo("IMEI:493005100592800");
        assertThat(r.items().get(1).data().asText()).isEqualTo("Acme");
        assertThat(r.items().get(0).source().locUri()).isEqualTo("./DevInfo/DevId");
    }

    @Test
    void decodes_horde_output_with_textual_public_id_without_nul_and_final_with_content_bit() {
        // Horde: WBXML 1.2, public id as string-table ref (no NUL terminator), Final written 52 01.
        String fpi = HexFormat.of().formatHex("-//SYNCML//DTD SyncML 1.2//EN".getBytes());
        String body = LIBWBXML_SMALL.substring("03a4016a00".length());
        body = body.substring(0, body.length() - "120101".length()) + "52010101";
        SyncMl m = WbxmlDecoder.decode(hex("0200006a1d" + fpi + body));
        assertThat(m.body().isFinal()).isTrue();
        assertThat(m).isEqualTo(WbxmlDecoder.decode(hex(LIBWBXML_SMALL)));
    }

    @Test
    void decodes_worked_example_f11_abort() {
        String f11 = "02a4016a00"
                + "6d6c"
                + "7103" + h("1.2") + "0001"
                + "7203" + h("DM/1.2") + "0001"
                + "6503" + h("2F") + "0001"
                + "5b03" + h("2") + "0001"
                + "6e5703" + h("IMEI:490154203237518") + "000101"
                + "675703" + h("https://dm.example.com/dm") + "000101"
                + "01"
                + "6b"
                + "694b03" + h("1") + "00015c03" + h("2") + "00014c03" + h("0") + "00014a03" + h("SyncHdr")
                + "00014f03" + h("200") + "000101"
                + "464b03" + h("2") + "00014f03" + h("1223") + "000101"
                + "12"
                + "0101";
        byte[] bytes = hex(f11);
        assertThat(bytes).hasSize(147);
        SyncMl m = WbxmlDecoder.decode(bytes);
        assertThat(((Status) m.body().commands().get(0)).cmd()).isEqualTo("SyncHdr");
        assertThat(((Alert) m.body().commands().get(1)).code()).isEqualTo(1223);
        assertThat(WbxmlEncoder.encode(m)).isEqualTo(bytes);
    }

    private static String h(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
