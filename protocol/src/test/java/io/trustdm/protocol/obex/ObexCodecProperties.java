package io.trustdm.protocol.obex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(p)) = p for any packet the codec can write. */
class ObexCodecProperties {

    @Property(tries = 300)
    void request_round_trip(@ForAll("headers") List<ObexHeader> headers, @ForAll boolean put) {
        ObexPacket p = ObexPacket.of(put ? ObexOpcode.PUT_FINAL : ObexOpcode.GET, headers);
        assertThat(ObexCodec.decodeRequest(ObexCodec.encode(p))).isEqualTo(p);
    }

    @Property(tries = 200)
    void connect_round_trip(@ForAll("headers") List<ObexHeader> headers, @ForAll("max") int max) {
        ObexPacket p = new ObexPacket(ObexOpcode.CONNECT, new ObexPacket.ConnectFields(0x10, 0, max), headers);
        assertThat(ObexCodec.decodeRequest(ObexCodec.encode(p))).isEqualTo(p);
        ObexPacket r = new ObexPacket(ObexResponse.SUCCESS, new ObexPacket.ConnectFields(0x10, 0, max), headers);
        assertThat(ObexCodec.decodeResponse(ObexCodec.encode(r), true)).isEqualTo(r);
    }

    @Provide
    Arbitrary<Integer> max() {
        return Arbitraries.integers().between(255, 65535);
    }

    @Provide
    Arbitrary<List<ObexHeader>> headers() {
        Arbitrary<ObexHeader> text = Combinators.combine(
                        Arbitraries.of(0x01, 0x05, 0x30),
                        Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMaxLength(40))
                .as(ObexHeader.Text::new);
        Arbitrary<ObexHeader> bytes = Combinators.combine(
                        Arbitraries.of(0x42, 0x46, 0x47, 0x48, 0x49, 0x4A),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as(ObexHeader.Bytes::new);
        Arbitrary<ObexHeader> one = Combinators.combine(
                        Arbitraries.of(0x93, 0x97), Arbitraries.integers().between(0, 255))
                .as(ObexHeader.OneByte::new);
        Arbitrary<ObexHeader> four = Combinators.combine(
                        Arbitraries.of(0xC0, 0xC3, 0xCB), Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                .as(ObexHeader.FourByte::new);
        return Arbitraries.oneOf(text, bytes, one, four).list().ofMaxSize(12).map(ArrayList::new);
    }
}
