package io.trustdm.server.obex;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexOpcode;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.bootstrap.BootstrapProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The complete server opens its OBEX/TLS listener with its own PKI and hands bootstraps out only to their Device. */
class DmServerObexTest {
    @TempDir
    Path data;

    private static ObexPacket send(SSLSocket s, ObexPacket p) throws Exception {
        ObexCodec.write(s.getOutputStream(), p);
        return ObexCodec.decodeResponse(ObexCodec.readFrame(s.getInputStream(), 65535), p.code() == ObexOpcode.CONNECT);
    }

    @Test
    void obex_tls_listener_serves_the_bootstrap_to_its_device_and_refuses_others() throws Exception {
        try (DmServer server = DmServer.start(data, "127.0.0.1", 0, "dm.test", AuthScheme.MD5)) {
            ObexDmServer obex = server.startObexTls(0);
            assertThat(obex.isTls()).isTrue();
            byte[] expected = server.bootstrap()
                    .prepare("IMEI:7", BootstrapProfile.PLAIN, null)
                    .body();
            for (String device : List.of("IMEI:7", "IMEI:8")) {
                SSLContext ctx = TlsContexts.create(
                        server.ca().issueDevice(device, Duration.ofDays(1)),
                        List.of(server.ca().certificate()));
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", obex.port())) {
                    s.setSSLParameters(TlsContexts.clientParameters(ctx));
                    s.setSoTimeout(5000);
                    ObexPacket c = send(
                            s,
                            new ObexPacket(
                                    ObexOpcode.CONNECT,
                                    new ObexPacket.ConnectFields(0x10, 0, 65535),
                                    List.of(DmObex.target())));
                    assertThat(c.code()).isEqualTo(ObexResponse.SUCCESS);
                    ObexPacket g = send(
                            s,
                            ObexPacket.of(
                                    ObexOpcode.GET_FINAL,
                                    DmObex.connectionId(c.quantity(ObexHeaderId.CONNECTION_ID)
                                            .orElseThrow()),
                                    new ObexHeader.Text(ObexHeaderId.NAME, "bootstrap")));
                    if (device.equals("IMEI:7")) {
                        assertThat(g.code()).isEqualTo(ObexResponse.SUCCESS);
                        assertThat(g.bytes(ObexHeaderId.END_OF_BODY)).hasValue(expected);
                    } else {
                        assertThat(g.code())
                                .as("no bootstrap for another device")
                                .isEqualTo(ObexResponse.NOT_FOUND);
                    }
                }
            }
        }
    }
}
