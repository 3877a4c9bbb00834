package io.trustdm.server.obex;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexOpcode;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexPackets;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.DmHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OBEX listener over real loopback sockets, spoken to packet by packet with the protocol codec. */
class ObexDmServerTest {
    private static final byte[] WBXML_MSG = {0x03, (byte) 0xa4, 0x01, 0x6a, 0x00, 0x6d, 0x01};

    private final List<DmHttpRequest> seen = new CopyOnWriteArrayList<>();
    private ObexDmServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private ObexDmServer.Builder echo() {
        return ObexDmServer.builder().handler(req -> {
            seen.add(req);
            byte[] reply = new byte[req.body().length * 2];
            System.arraycopy(req.body(), 0, reply, 0, req.body().length);
            System.arraycopy(req.body(), 0, reply, req.body().length, req.body().length);
            return new DmHttpResponse(reply, req.hmacHeader() == null ? null : "mac=reply");
        });
    }

    /** A raw OBEX client over one socket. */
    private static final class Raw implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;
        boolean nextIsConnectResponse;

        Raw(Socket s) throws IOException {
            this.s = s;
            s.setSoTimeout(5000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        ObexPacket send(ObexPacket p) throws IOException {
            ObexCodec.write(out, p);
            byte[] frame = ObexCodec.readFrame(in, 65535);
            return ObexCodec.decodeResponse(frame, p.code() == ObexOpcode.CONNECT);
        }

        ObexPacket connect(ObexHeader... headers) throws IOException {
            return send(
                    new ObexPacket(ObexOpcode.CONNECT, new ObexPacket.ConnectFields(0x10, 0, 300), List.of(headers)));
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    private Raw tcp() throws IOException {
        return new Raw(new Socket("127.0.0.1", server.port()));
    }

    @Test
    void connect_with_target_syncml_dm_is_answered_with_who_and_a_connection_id() throws Exception {
        server = echo().plainTcp().build().start();
        try (Raw c = tcp()) {
            ObexPacket r = c.connect(DmObex.target());
            assertThat(r.code()).isEqualTo(ObexResponse.SUCCESS);
            assertThat(r.connect().maxPacketLength()).isEqualTo(8192);
            assertThat(r.bytes(ObexHeaderId.WHO))
                    .hasValueSatisfying(w -> assertThat(w).isEqualTo("SYNCML-DM".getBytes(StandardCharsets.US_ASCII)));
            assertThat(r.quantity(ObexHeaderId.CONNECTION_ID)).isPresent();
        }
    }

    @Test
    void connect_without_target_or_with_another_target_is_refused() throws Exception {
        server = echo().plainTcp().build().start();
        try (Raw c = tcp()) {
            assertThat(c.connect().code()).isEqualTo(ObexResponse.FORBIDDEN);
            ObexPacket r = c.connect(
                    new ObexHeader.Bytes(ObexHeaderId.TARGET, "SYNCML-SYNC".getBytes(StandardCharsets.US_ASCII)));
            assertThat(r.code()).isEqualTo(ObexResponse.FORBIDDEN);
            assertThat(r.text(ObexHeaderId.DESCRIPTION))
                    .hasValueSatisfying(d -> assertThat(d).contains("SYNCML-DM"));
            ObexPacket put = c.send(ObexPacket.of(
                    ObexOpcode.PUT_FINAL,
                    DmObex.type(DmObex.WBXML_TYPE),
                    new ObexHeader.Bytes(ObexHeaderId.END_OF_BODY, WBXML_MSG)));
            assertThat(put.code()).as("no PUT before a DM CONNECT").isEqualTo(ObexResponse.FORBIDDEN);
        }
        assertThat(server.refusedConnects()).isEqualTo(2);
        assertThat(seen).isEmpty();
    }

    @Test
    void a_message_put_in_many_packets_reaches_the_handler_and_the_reply_comes_back_in_many_gets() throws Exception {
        server = echo().plainTcp().build().start();
        byte[] big = new byte[2000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        try (Raw c = tcp()) {
            ObexPacket conn = c.connect(DmObex.target());
            long cid = conn.quantity(ObexHeaderId.CONNECTION_ID).orElseThrow();
            int serverMax = conn.connect().maxPacketLength();
            List<ObexPacket> puts = ObexPackets.split(
                    ObexOpcode.PUT,
                    ObexOpcode.PUT_FINAL,
                    List.of(DmObex.connectionId(cid), DmObex.type(DmObex.WBXML_TYPE), DmObex.hmac("mac=x")),
                    big,
                    255);
            assertThat(puts).hasSizeGreaterThan(5);
            for (int i = 0; i < puts.size(); i++) {
                ObexPacket r = c.send(puts.get(i));
                assertThat(r.code()).isEqualTo(i + 1 < puts.size() ? ObexResponse.CONTINUE : ObexResponse.SUCCESS);
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ObexPacket r = c.send(
                    ObexPacket.of(ObexOpcode.GET_FINAL, DmObex.connectionId(cid), DmObex.type(DmObex.WBXML_TYPE)));
            ObexPacket first = r;
            int packets = 1;
            r.appendBody(got);
            while (r.code() == ObexResponse.CONTINUE) {
                assertThat(ObexCodec.encode(r).length)
                        .as("server honours our maximum of 300")
                        .isLessThanOrEqualTo(300);
                r = c.send(ObexPacket.of(ObexOpcode.GET_FINAL, DmObex.connectionId(cid)));
                r.appendBody(got);
                packets++;
            }
            assertThat(r.code()).isEqualTo(ObexResponse.SUCCESS);
            assertThat(packets).isGreaterThan(10);
            assertThat(got.size()).isEqualTo(4000);
            assertThat(DmObex.mediaType(first)).contains(DmObex.WBXML_TYPE);
            assertThat(DmObex.hmac(first)).contains("mac=reply");
            assertThat(c.send(ObexPacket.of(ObexOpcode.DISCONNECT)).code()).isEqualTo(ObexResponse.SUCCESS);
            assertThat(serverMax).isEqualTo(8192);
        }
        assertThat(seen).singleElement().satisfies(req -> {
            assertThat(req.body()).isEqualTo(big);
            assertThat(req.hmacHeader()).isEqualTo("mac=x");
            assertThat(req.channel()).isEqualTo(ChannelKind.OBEX_TCP);
            assertThat(req.isTls()).isFalse();
        });
    }

    @Test
    void get_without_a_put_is_not_found_and_a_wrong_connection_id_is_refused() throws Exception {
        server = echo().plainTcp().build().start();
        try (Raw c = tcp()) {
            long cid = c.connect(DmObex.target())
                    .quantity(ObexHeaderId.CONNECTION_ID)
                    .orElseThrow();
            assertThat(c.send(ObexPacket.of(ObexOpcode.GET_FINAL, DmObex.connectionId(cid)))
                            .code())
                    .isEqualTo(ObexResponse.NOT_FOUND);
            assertThat(c.send(ObexPacket.of(ObexOpcode.GET_FINAL, DmObex.connectionId(cid + 1000)))
                            .code())
                    .isEqualTo(ObexResponse.SERVICE_UNAVAILABLE);
        }
    }

    @Test
    void a_message_over_the_limit_is_refused_with_entity_too_large_before_the_handler_sees_it() throws Exception {
        server = echo().plainTcp().maxMessageBytes(100).build().start();
        try (Raw c = tcp()) {
            c.connect(DmObex.target());
            ObexPacket r = c.send(ObexPacket.of(
                    ObexOpcode.PUT,
                    DmObex.type(DmObex.WBXML_TYPE),
                    new ObexHeader.FourByte(ObexHeaderId.LENGTH, 5000),
                    new ObexHeader.Bytes(ObexHeaderId.BODY, new byte[10])));
            assertThat(r.code()).isEqualTo(ObexResponse.ENTITY_TOO_LARGE);
            r = c.send(ObexPacket.of(
                    ObexOpcode.PUT_FINAL,
                    DmObex.type(DmObex.WBXML_TYPE),
                    new ObexHeader.Bytes(ObexHeaderId.END_OF_BODY, new byte[150])));
            assertThat(r.code()).isEqualTo(ObexResponse.ENTITY_TOO_LARGE);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void a_put_without_type_or_with_a_foreign_type_is_unsupported_media() throws Exception {
        server = echo().plainTcp().build().start();
        try (Raw c = tcp()) {
            c.connect(DmObex.target());
            assertThat(c.send(ObexPacket.of(
                                    ObexOpcode.PUT_FINAL, new ObexHeader.Bytes(ObexHeaderId.END_OF_BODY, WBXML_MSG)))
                            .code())
                    .isEqualTo(ObexResponse.UNSUPPORTED_MEDIA_TYPE);
            assertThat(c.send(ObexPacket.of(
                                    ObexOpcode.PUT_FINAL,
                                    DmObex.type("text/x-vcard"),
                                    new ObexHeader.Bytes(ObexHeaderId.END_OF_BODY, WBXML_MSG)))
                            .code())
                    .isEqualTo(ObexResponse.UNSUPPORTED_MEDIA_TYPE);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void a_broken_frame_is_answered_with_bad_request_and_the_connection_closed() throws Exception {
        server = echo().plainTcp().build().start();
        try (Raw c = tcp()) {
            c.out.write(new byte[] {(byte) 0x82, 0x00, 0x07, 0x48, 0x00, 0x10, 0x01});
            c.out.flush();
            ObexPacket r = ObexCodec.decodeResponse(ObexCodec.readFrame(c.in, 65535), false);
            assertThat(r.code()).isEqualTo(ObexResponse.BAD_REQUEST);
            assertThat(c.in.read()).as("connection closed").isEqualTo(-1);
        }
    }

    @Test
    void over_tls_the_request_carries_the_session_and_the_verified_client_certificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("OBEX test CA", Duration.ofDays(1));
        IssuedCertificate srv = ca.issueServer("srv", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        IssuedCertificate dev = ca.issueDevice("IMEI:1", Duration.ofDays(1));
        server = echo().tls(TlsContexts.create(srv, List.of(ca.certificate())), ClientAuth.NEED)
                .build()
                .start();
        assertThat(server.uri().getScheme()).isEqualTo("obexs");
        SSLContext ctx = TlsContexts.create(dev, List.of(ca.certificate()));
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port());
        s.setSSLParameters(TlsContexts.clientParameters(ctx));
        try (Raw c = new Raw(s)) {
            c.connect(DmObex.target());
            assertThat(c.send(ObexPacket.of(
                                    ObexOpcode.PUT_FINAL,
                                    DmObex.type(DmObex.XML_TYPE),
                                    new ObexHeader.Bytes(
                                            ObexHeaderId.END_OF_BODY, "<SyncML/>".getBytes(StandardCharsets.US_ASCII))))
                            .code())
                    .isEqualTo(ObexResponse.SUCCESS);
        }
        assertThat(seen).singleElement().satisfies(req -> {
            assertThat(req.channel()).isEqualTo(ChannelKind.OBEX_TLS);
            assertThat(req.isTls()).isTrue();
            assertThat(req.peerCertificates()).isNotEmpty();
            assertThat(CertificateAuthority.commonName(req.peerCertificates().get(0)))
                    .isEqualTo("IMEI:1");
        });
    }

    @Test
    void plain_tcp_is_never_a_default() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> echo().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plainTcp");
    }
}
