package io.trustdm.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexOpcode;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OBEX client transport against scripted OBEX servers on loopback, including hostile ones. */
class ObexDmTransportTest {
    private ServerSocket listener;
    private final List<ObexPacket> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
    }

    /** Serves one connection, answering each request with {@code script}; stops when it returns null. */
    private URI serve(Function<ObexPacket, ObexPacket> script) throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] frame = ObexCodec.readFrame(in, 65535);
                    if (frame == null) {
                        return;
                    }
                    ObexPacket req = ObexCodec.decodeRequest(frame);
                    received.add(req);
                    ObexPacket resp = script.apply(req);
                    if (resp == null) {
                        return;
                    }
                    ObexCodec.write(out, resp);
                }
            } catch (Exception e) {
                // the client side reports
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("obex://127.0.0.1:" + listener.getLocalPort());
    }

    private static ObexPacket connectOk(ObexHeader... h) {
        return new ObexPacket(ObexResponse.SUCCESS, new ObexPacket.ConnectFields(0x10, 0, 255), List.of(h));
    }

    @Test
    void sends_target_type_length_and_hmac_then_reads_the_reply_type_and_hmac() throws Exception {
        URI uri = serve(req -> switch (req.code()) {
            case ObexOpcode.CONNECT -> connectOk(DmObex.who(), DmObex.connectionId(42));
            case ObexOpcode.GET_FINAL ->
                ObexPacket.of(
                        ObexResponse.SUCCESS,
                        DmObex.type(DmObex.XML_TYPE),
                        DmObex.hmac("mac=server"),
                        new ObexHeader.Bytes(
                                ObexHeaderId.END_OF_BODY, "<SyncML/>".getBytes(StandardCharsets.US_ASCII)));
            default -> ObexPacket.of(req.isFinal() ? ObexResponse.SUCCESS : ObexResponse.CONTINUE);
        });
        byte[] body = new byte[600];
        DmReply reply;
        try (ObexDmTransport t = ObexDmTransport.builder().allowPlainTcp().build()) {
            reply = t.exchange(new DmExchange(uri, body, Encoding.WBXML, "mac=device"));
        }
        assertThat(reply.encoding()).isEqualTo(Encoding.XML);
        assertThat(reply.hmacHeader()).isEqualTo("mac=server");
        assertThat(new String(reply.body(), StandardCharsets.US_ASCII)).isEqualTo("<SyncML/>");
        ObexPacket connect = received.get(0);
        assertThat(connect.bytes(ObexHeaderId.TARGET))
                .hasValueSatisfying(v -> assertThat(DmObex.isDmTarget(v)).isTrue());
        ObexPacket firstPut = received.get(1);
        assertThat(firstPut.code()).as("600 bytes do not fit the server's 255").isEqualTo(ObexOpcode.PUT);
        assertThat(firstPut.headers().get(0)).isEqualTo(DmObex.connectionId(42));
        assertThat(DmObex.mediaType(firstPut)).contains(DmObex.WBXML_TYPE);
        assertThat(firstPut.quantity(ObexHeaderId.LENGTH)).contains(600L);
        assertThat(DmObex.hmac(firstPut)).contains("mac=device");
        assertThat(received).anySatisfy(p -> assertThat(p.code()).isEqualTo(ObexOpcode.DISCONNECT));
    }

    @Test
    void a_server_that_answers_as_another_service_is_not_used() throws Exception {
        URI uri = serve(req ->
                connectOk(new ObexHeader.Bytes(ObexHeaderId.WHO, "SYNCML-SYNC".getBytes(StandardCharsets.US_ASCII))));
        try (ObexDmTransport t = ObexDmTransport.builder().allowPlainTcp().build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[] {1}, Encoding.WBXML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("another service");
            assertThat(t.isConnected()).isFalse();
        }
        assertThat(received).noneMatch(p -> ObexOpcode.base(p.code()) == ObexOpcode.PUT);
    }

    @Test
    void a_server_that_sends_continue_forever_without_body_is_given_up() throws Exception {
        URI uri = serve(req -> switch (req.code()) {
            case ObexOpcode.CONNECT -> connectOk();
            case ObexOpcode.GET_FINAL -> ObexPacket.of(ObexResponse.CONTINUE, DmObex.type(DmObex.WBXML_TYPE));
            default -> ObexPacket.of(ObexResponse.SUCCESS);
        });
        try (ObexDmTransport t = ObexDmTransport.builder().allowPlainTcp().build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[] {1}, Encoding.WBXML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("without body progress");
        }
        assertThat(received.size()).isLessThan(40);
    }

    @Test
    void a_reply_over_the_limit_is_refused() throws Exception {
        URI uri = serve(req -> switch (req.code()) {
            case ObexOpcode.CONNECT -> connectOk();
            case ObexOpcode.GET_FINAL ->
                ObexPacket.of(ObexResponse.CONTINUE, new ObexHeader.Bytes(ObexHeaderId.BODY, new byte[200]));
            default -> ObexPacket.of(ObexResponse.SUCCESS);
        });
        try (ObexDmTransport t =
                ObexDmTransport.builder().allowPlainTcp().maxReplyBytes(1000).build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[] {1}, Encoding.WBXML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("larger than 1000");
        }
    }

    @Test
    void a_refusal_carries_the_obex_code_as_status_and_a_sanitised_description() throws Exception {
        URI uri = serve(req -> req.code() == ObexOpcode.CONNECT
                ? connectOk()
                : ObexPacket.of(
                        ObexResponse.FORBIDDEN, new ObexHeader.Text(ObexHeaderId.DESCRIPTION, "no\r\nInjected: line")));
        try (ObexDmTransport t = ObexDmTransport.builder().allowPlainTcp().build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[] {1}, Encoding.WBXML, null)))
                    .isInstanceOfSatisfying(DmTransportException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.getMessage())
                                .contains("no??Injected: line")
                                .doesNotContain("\n");
                    });
        }
    }

    @Test
    void http_targets_and_unconfigured_plain_tcp_are_refused() {
        ObexDmTransport t = ObexDmTransport.builder().allowPlainTcp().build();
        assertThatThrownBy(() -> t.exchange(
                        new DmExchange(URI.create("https://localhost/dm"), new byte[] {1}, Encoding.WBXML, null)))
                .hasMessageContaining("not an OBEX target");
        assertThatThrownBy(() -> ObexDmTransport.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
