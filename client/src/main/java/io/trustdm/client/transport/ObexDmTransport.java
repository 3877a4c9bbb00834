package io.trustdm.client.transport;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexFormatException;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.transport.ChannelKind;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * DM over OBEX (SyncML OBEX binding as protocol.md §8.2 reconstructs it): the first message opens a connection and
 * CONNECTs with Target {@code SYNCML-DM}; each message is then PUT with Type, Length and (when transport-neutral
 * integrity is in use) {@code x-syncml-hmac} in the OBEX HTTP header, and the server's reply fetched with GET; the
 * connection is kept for the whole session and DISCONNECTed on {@link #close()}.
 *
 * <p>Targets are {@code obexs://host:port} (OBEX over TLS: server certificate and host name always verified, device
 * certificate presented when configured) or {@code obex://host:port} (OBEX over plain TCP), which is refused unless
 * {@link Builder#allowPlainTcp()} was called, because the session must then rely on the x-syncml-hmac alone.
 */
public final class ObexDmTransport implements DmTransport {
    private final SSLContext tls;
    private final boolean plainTcpAllowed;
    private final String objectName;
    private final int maxPacketLength;
    private final int maxReplyBytes;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private ObexClient client;
    private String connectedTo;

    private ObexDmTransport(Builder b) {
        this.tls = b.trustAnchors == null ? null : TlsContexts.create(b.identity, b.trustAnchors);
        this.plainTcpAllowed = b.plainTcpAllowed;
        this.objectName = b.objectName;
        this.maxPacketLength = b.maxPacketLength;
        this.maxReplyBytes = b.maxReplyBytes;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized DmReply exchange(DmExchange ex) throws DmTransportException {
        URI target = ex.target();
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("obexs");
        if (!secure && !scheme.equals("obex")) {
            throw new DmTransportException("not an OBEX target: " + target, null);
        }
        if (!secure && !plainTcpAllowed) {
            throw new DmTransportException(
                    "refusing OBEX over plain TCP to " + target + ": not configured to allow an insecure transport",
                    null);
        }
        if (secure && tls == null) {
            throw new DmTransportException("OBEX over TLS needs trust anchors: none configured", null);
        }
        if (target.getHost() == null || target.getPort() < 0) {
            throw new DmTransportException("OBEX target needs host and port: " + target, null);
        }
        String key = scheme + "://" + target.getHost() + ":" + target.getPort();
        try {
            ObexClient c = connection(key, target.getHost(), target.getPort(), secure);
            List<ObexHeader> put = new ArrayList<>();
            put.add(DmObex.type(ex.encoding().mediaType()));
            put.add(new ObexHeader.FourByte(ObexHeaderId.LENGTH, ex.body().length));
            if (ex.hmacHeader() != null) {
                put.add(DmObex.hmac(ex.hmacHeader()));
            }
            if (objectName != null) {
                put.add(new ObexHeader.Text(ObexHeaderId.NAME, objectName));
            }
            c.put(put, ex.body());
            List<ObexHeader> get = new ArrayList<>();
            get.add(DmObex.type(ex.encoding().mediaType()));
            if (objectName != null) {
                get.add(new ObexHeader.Text(ObexHeaderId.NAME, objectName));
            }
            ObexClient.Received r = c.get(get);
            if (r.body().length > maxReplyBytes) {
                throw new DmTransportException("reply larger than " + maxReplyBytes + " bytes", null);
            }
            ObexPacket headers = r.asPacket();
            Optional<String> type = DmObex.mediaType(headers);
            // Peers that omit Type on the GET response (OpenOBEX does) answer in the encoding they were sent.
            Encoding enc = type.isPresent() ? Encoding.fromContentType(type.get()) : ex.encoding();
            return new DmReply(
                    r.body(),
                    enc,
                    DmObex.hmac(headers).orElse(null),
                    c.tlsSession(),
                    c.serverCertificates(),
                    secure ? ChannelKind.OBEX_TLS : ChannelKind.OBEX_TCP);
        } catch (ObexClient.ObexRefusedException e) {
            drop();
            throw new DmTransportException(
                    "OBEX server " + key + " refused: " + e.getMessage(), ObexResponse.httpStatus(e.responseCode()), e);
        } catch (IOException e) {
            drop();
            throw new DmTransportException("OBEX exchange with " + key + " failed: " + e.getMessage(), e);
        } catch (ObexFormatException | SyncMlFormatException e) {
            drop();
            throw new DmTransportException("OBEX reply from " + key + " is malformed: " + e.getMessage(), e);
        }
    }

    private ObexClient connection(String key, String host, int port, boolean secure) throws IOException {
        if (client != null && key.equals(connectedTo)) {
            return client;
        }
        close();
        ObexClient c = ObexClient.open(
                host, port, secure ? tls : null, connectTimeout, readTimeout, maxPacketLength, maxReplyBytes);
        try {
            c.connect(DmObex.targetBytes());
            Optional<byte[]> who = c.who();
            // A server that names another service is not the DM server; one that names none is tolerated (many
            // generic OBEX servers, OpenOBEX among them, do not echo Who).
            if (who.isPresent() && !DmObex.isDmTarget(who.get())) {
                throw new IOException("OBEX server answered CONNECT as another service (Who = "
                        + new String(who.get(), java.nio.charset.StandardCharsets.ISO_8859_1)
                                .replaceAll("[^\\x20-\\x7e]", "?")
                        + ")");
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        client = c;
        connectedTo = key;
        return c;
    }

    private void drop() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                // already broken
            }
            client = null;
            connectedTo = null;
        }
    }

    /** DISCONNECTs (best effort) and closes the connection, if one is open. */
    @Override
    public synchronized void close() {
        if (client == null) {
            return;
        }
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            // the session is over either way
        }
        drop();
    }

    /** Whether a connection is open (for tests and diagnostics). */
    public synchronized boolean isConnected() {
        return client != null;
    }

    /** Configures an {@link ObexDmTransport}. */
    public static final class Builder {
        private List<X509Certificate> trustAnchors;
        private IssuedCertificate identity;
        private boolean plainTcpAllowed;
        private String objectName;
        private int maxPacketLength = 8192;
        private int maxReplyBytes = 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);

        /** The CAs that may sign the server's certificate; required for {@code obexs://}. */
        public Builder trustAnchors(List<X509Certificate> v) {
            this.trustAnchors = List.copyOf(v);
            return this;
        }

        /** The device's own certificate for mutual TLS. */
        public Builder clientCertificate(IssuedCertificate v) {
            this.identity = Objects.requireNonNull(v, "identity");
            return this;
        }

        /** Allows {@code obex://} targets; the session must then use the x-syncml-hmac header on every message. */
        public Builder allowPlainTcp() {
            this.plainTcpAllowed = true;
            return this;
        }

        /**
         * Adds a Name header to PUT and GET. The DM binding needs none; generic OBEX servers that store objects by
         * name (OpenOBEX's test server) do.
         */
        public Builder objectName(String v) {
            this.objectName = Objects.requireNonNull(v, "objectName");
            return this;
        }

        /** The largest packet this side accepts (255..65535); announced in CONNECT. */
        public Builder maxPacketLength(int v) {
            if (v < 255 || v > 65535) {
                throw new IllegalArgumentException("maximum packet length must be 255..65535: " + v);
            }
            this.maxPacketLength = v;
            return this;
        }

        public Builder maxReplyBytes(int v) {
            this.maxReplyBytes = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder readTimeout(Duration v) {
            this.readTimeout = Objects.requireNonNull(v);
            return this;
        }

        public ObexDmTransport build() {
            if (trustAnchors == null && !plainTcpAllowed) {
                throw new IllegalStateException("OBEX over TLS needs trust anchors: call trustAnchors(...)");
            }
            return new ObexDmTransport(this);
        }
    }
}
