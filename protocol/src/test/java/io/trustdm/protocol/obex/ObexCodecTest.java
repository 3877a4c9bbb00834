package io.trustdm.protocol.obex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OBEX framing against bytes captured from OpenOBEX (peers.md §3) and against malformed frames. */
class ObexCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void decodes_the_connect_that_obex_test_sends() {
        ObexPacket p = ObexCodec.decodeRequest(HEX.parseHex("800010100004004a00094c696e757800"));
        assertThat(p.code()).isEqualTo(ObexOpcode.CONNECT);
        assertThat(p.connect()).isEqualTo(new ObexPacket.ConnectFields(0x10, 0, 1024));
        assertThat(p.bytes(ObexHeaderId.WHO))
                .hasValueSatisfying(v ->
                        assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("Linux\0"));
        assertThat(p.header(ObexHeaderId.TARGET)).isEmpty();
    }

    @Test
    void decodes_the_single_packet_put_of_obex_test_with_body_not_end_of_body() {
        ObexPacket p = ObexCodec.decodeRequest(HEX.parseHex(
                "82002fc30000000b01001900720065006d006f00740065002e007400780074000048000e68656c6c6f206f6265780a"));
        assertThat(p.code()).isEqualTo(ObexOpcode.PUT_FINAL);
        assertThat(p.isFinal()).isTrue();
        assertThat(p.quantity(ObexHeaderId.LENGTH)).contains(11L);
        assertThat(p.text(ObexHeaderId.NAME)).contains("remote.txt");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        assertThat(p.appendBody(body)).isEqualTo(11);
        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello obex\n");
        assertThat(p.hasEndOfBody()).isFalse();
    }

    @Test
    void decodes_the_get_response_of_obex_test_with_length_after_body() {
        ObexPacket p = ObexCodec.decodeResponse(HEX.parseHex("a0001648000e68656c6c6f206f6265780ac30000000b"), false);
        assertThat(p.code()).isEqualTo(ObexResponse.SUCCESS);
        assertThat(p.quantity(ObexHeaderId.LENGTH)).contains(11L);
    }

    @Test
    void decodes_the_connect_response_of_obex_test_with_no_who_and_no_connection_id() {
        ObexPacket p = ObexCodec.decodeResponse(HEX.parseHex("a0000710000400"), true);
        assertThat(p.connect().maxPacketLength()).isEqualTo(1024);
        assertThat(p.headers()).isEmpty();
    }

    @Test
    void encodes_a_dm_connect_with_the_nine_byte_target() {
        ObexPacket connect = new ObexPacket(
                ObexOpcode.CONNECT, new ObexPacket.ConnectFields(0x10, 0, 0x2000), List.of(DmObex.target()));
        assertThat(HEX.formatHex(ObexCodec.encode(connect)))
                .isEqualTo("80001310002000" + "46000c" + "53594e434d4c2d444d");
    }

    @Test
    void encodes_the_capture_of_obexftp_byte_for_byte() {
        String hex = "02002d01001700680065006c006c006f002e0074007800740000c30000000b48000e68656c6c6f206f6265780a";
        ObexPacket p = ObexCodec.decodeRequest(HEX.parseHex(hex));
        assertThat(HEX.formatHex(ObexCodec.encode(p))).isEqualTo(hex);
    }

    @Test
    void type_header_is_nul_terminated_ascii_and_reads_back_without_parameters() {
        ObexPacket p = ObexPacket.of(ObexOpcode.PUT_FINAL, DmObex.type(DmObex.WBXML_TYPE));
        byte[] raw = p.bytes(ObexHeaderId.TYPE).orElseThrow();
        assertThat(raw[raw.length - 1]).isZero();
        assertThat(DmObex.mediaType(ObexCodec.decodeRequest(ObexCodec.encode(p))))
                .contains(DmObex.WBXML_TYPE);
        ObexPacket withParams =
                ObexPacket.of(ObexOpcode.PUT_FINAL, DmObex.type("Application/VND.syncml.dm+XML; charset=utf-8"));
        assertThat(DmObex.mediaType(withParams)).contains(DmObex.XML_TYPE);
    }

    @Test
    void hmac_travels_as_an_http_header_line_and_is_read_back() {
        String mac = "algorithm=MD5, username=\"dev\", mac=AAAAAAAAAAAAAAAAAAAAAA==";
        ObexPacket p = ObexCodec.decodeRequest(ObexCodec.encode(ObexPacket.of(ObexOpcode.PUT_FINAL, DmObex.hmac(mac))));
        assertThat(DmObex.hmac(p)).contains(mac);
        assertThat(new String(p.bytes(ObexHeaderId.HTTP).orElseThrow(), StandardCharsets.US_ASCII))
                .isEqualTo("x-syncml-hmac: " + mac + "\r\n");
    }

    @Test
    void two_hmac_headers_are_refused_as_ambiguous() {
        ObexPacket p = ObexPacket.of(ObexOpcode.PUT_FINAL, DmObex.hmac("mac=a"), DmObex.hmac("mac=b"));
        assertThatThrownBy(() -> DmObex.hmac(p))
                .isInstanceOf(ObexFormatException.class)
                .hasMessageContaining("2 times");
    }

    @Test
    void hmac_value_with_a_line_break_cannot_be_written() {
        assertThatThrownBy(() -> DmObex.hmac("mac=a\r\nx-other: 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dm_target_matches_exactly_with_or_without_trailing_nul() {
        assertThat(DmObex.isDmTarget("SYNCML-DM".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(DmObex.isDmTarget("SYNCML-DM\0".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(DmObex.isDmTarget("SYNCML-SYNC".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(DmObex.isDmTarget("syncml-dm".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }

    @Test
    void rejects_a_length_field_that_disagrees_with_the_frame() {
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("820010")))
                .isInstanceOf(ObexFormatException.class)
                .hasMessageContaining("length field");
    }

    @Test
    void rejects_a_header_that_overruns_the_packet() {
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("820007480010aa")))
                .isInstanceOf(ObexFormatException.class)
                .satisfies(e -> assertThat(((ObexFormatException) e).offset()).isEqualTo(4));
    }

    @Test
    void rejects_a_header_length_below_three() {
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("820006480002")))
                .isInstanceOf(ObexFormatException.class);
    }

    @Test
    void rejects_text_header_with_odd_length_or_inner_nul() {
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("82000701000441")))
                .isInstanceOf(ObexFormatException.class)
                .hasMessageContaining("odd");
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("82000a010007000000410000")))
                .isInstanceOf(ObexFormatException.class);
    }

    @Test
    void rejects_a_connect_announcing_a_maximum_below_255() {
        assertThatThrownBy(() -> ObexCodec.decodeRequest(HEX.parseHex("80000710000064")))
                .isInstanceOf(ObexFormatException.class)
                .hasMessageContaining("below the OBEX minimum");
    }

    @Test
    void rejects_a_response_without_the_final_bit() {
        assertThatThrownBy(() -> ObexCodec.decodeResponse(HEX.parseHex("200003"), false))
                .isInstanceOf(ObexFormatException.class);
    }

    @Test
    void refuses_a_frame_longer_than_negotiated_before_reading_it() {
        byte[] head = HEX.parseHex("82ffff");
        assertThatThrownBy(() -> ObexCodec.readFrame(new ByteArrayInputStream(head), 1024))
                .isInstanceOf(ObexFormatException.class)
                .satisfies(e ->
                        assertThat(((ObexFormatException) e).responseCode()).isEqualTo(ObexResponse.ENTITY_TOO_LARGE));
    }

    @Test
    void a_frame_cut_short_is_an_eof_and_a_clean_close_is_null() throws Exception {
        assertThatThrownBy(() -> ObexCodec.readFrame(new ByteArrayInputStream(HEX.parseHex("8200100000")), 1024))
                .isInstanceOf(EOFException.class);
        assertThat(ObexCodec.readFrame(new ByteArrayInputStream(new byte[0]), 1024))
                .isNull();
    }

    @Test
    void split_keeps_every_packet_within_the_peer_maximum_and_ends_with_end_of_body() {
        byte[] body = new byte[1000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        List<ObexPacket> packets = ObexPackets.split(
                ObexOpcode.PUT,
                ObexOpcode.PUT_FINAL,
                List.of(DmObex.connectionId(7), DmObex.type(DmObex.WBXML_TYPE)),
                body,
                255);
        assertThat(packets)
                .allSatisfy(p -> assertThat(ObexCodec.encode(p).length).isLessThanOrEqualTo(255));
        assertThat(packets.subList(0, packets.size() - 1))
                .allSatisfy(p -> assertThat(p.code()).isEqualTo(ObexOpcode.PUT));
        ObexPacket last = packets.get(packets.size() - 1);
        assertThat(last.code()).isEqualTo(ObexOpcode.PUT_FINAL);
        assertThat(last.hasEndOfBody()).isTrue();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        packets.forEach(p -> p.appendBody(joined));
        assertThat(joined.toByteArray()).isEqualTo(body);
        assertThat(packets.get(0).quantity(ObexHeaderId.CONNECTION_ID)).contains(7L);
    }

    @Test
    void response_codes_map_to_http_statuses() {
        assertThat(ObexResponse.httpStatus(ObexResponse.SUCCESS)).isEqualTo(200);
        assertThat(ObexResponse.httpStatus(ObexResponse.FORBIDDEN)).isEqualTo(403);
        assertThat(ObexResponse.fromHttpStatus(413)).isEqualTo(ObexResponse.ENTITY_TOO_LARGE);
        assertThat(ObexResponse.fromHttpStatus(415)).isEqualTo(ObexResponse.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ObexResponse.isSuccess(ObexResponse.CONTINUE)).isFalse();
    }
}
