package io.trustdm.client.bootstrap;

import io.trustdm.client.transport.ObexClient;
import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexFormatException;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.security.transport.TlsProfile;
import io.trustdm.security.transport.TransportSecurity;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Fetches the bootstrap over OBEX for local provisioning: CONNECT with Target {@code SYNCML-DM}, GET the object named
 * {@value #OBJECT_NAME}; the reply's Type is the bootstrap's Content-Type (with SEC and MAC when present).
 *
 * <p>{@code obexs://host:port} is OBEX over TLS with the Device's certificate and the server verified against the
 * trust anchors, a Secure Transport. {@code obex://host:port} is fetched too, but reported as what it is, OBEX over
 * plain TCP, so the {@code BootstrapTransportPolicy} refuses to apply it: the refusal is the policy's, with its audit
 * event, not a configuration switch here.
 */
public final class ObexBootstrapSource implements BootstrapSource {
    /** Name of the bootstrap object on the server. */
    public static final String OBJECT_NAME = "bootstrap";

    private static final int MAX_BYTES = 256 * 1024;

    private final URI uri;
    private final SSLContext tls;

    public ObexBootstrapSource(URI uri, IssuedCertificate deviceCertificate, List<X509Certificate> trustAnchors) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.tls = TlsContexts.create(deviceCertificate, trustAnchors);
    }

    @Override
    public BootstrapDelivery fetch() throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("obexs");
        if (!secure && !scheme.equals("obex")) {
            throw new IOException("not an OBEX address: " + uri);
        }
        try (ObexClient c = ObexClient.open(
                uri.getHost(),
                uri.getPort(),
                secure ? tls : null,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                8192,
                MAX_BYTES)) {
            c.connect(DmObex.targetBytes());
            ObexClient.Received r = c.get(List.<ObexHeader>of(new ObexHeader.Text(ObexHeaderId.NAME, OBJECT_NAME)));
            c.disconnect();
            String contentType = r.asPacket()
                    .bytes(ObexHeaderId.TYPE)
                    .map(b -> new String(b, StandardCharsets.US_ASCII).replace("\0", ""))
                    .orElse("");
            TransportSecurity transport = secure
                    ? TransportSecurity.fromTlsSession(
                            ChannelKind.OBEX_TLS,
                            c.tlsSession(),
                            !c.serverCertificates().isEmpty(),
                            TlsProfile.MODERN)
                    : TransportSecurity.obexOverTcp();
            return new BootstrapDelivery(r.body(), contentType, transport, uri.toString());
        } catch (ObexFormatException e) {
            throw new IOException("malformed OBEX reply from " + uri + ": " + e.getMessage(), e);
        }
    }
}
