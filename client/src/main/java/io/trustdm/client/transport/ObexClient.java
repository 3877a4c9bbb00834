package io.trustdm.client.transport;

import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexFormatException;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexOpcode;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexPackets;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.pki.TlsContexts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One OBEX client connection over TCP or TLS: CONNECT (with a Target), PUT an object, GET an object, DISCONNECT.
 * Objects are split to the server's maximum packet length and reassembled up to a byte limit. Over TLS the server
 * certificate chain and host name are always verified before any OBEX byte is sent.
 *
 * <p>Not thread-safe: one operation at a time, as OBEX itself requires.
 */
public final class ObexClient implements AutoCloseable {
    /** What a completed GET returned: the headers of all its response packets (bodies excluded) and the body. */
    public record Received(List<ObexHeader> headers, byte[] body) {
        public Received {
            headers = List.copyOf(headers);
        }

        /** The headers as one packet, for the lookups on {@link ObexPacket}. */
        public ObexPacket asPacket() {
            return ObexPacket.of(ObexResponse.SUCCESS, headers);
        }
    }

    /** Non-body headers accepted in one GET response; DM needs a few dozen bytes. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Consecutive response packets without body bytes tolerated in one GET. */
    static final int MAX_IDLE_PACKETS = 16;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int ourMaxPacket;
    private final int maxObjectBytes;
    private int peerMaxPacket = ObexCodec.MIN_PACKET_LENGTH;
    private Long connectionId;
    private byte[] who;

    private ObexClient(Socket socket, int ourMaxPacket, int maxObjectBytes) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.ourMaxPacket = ourMaxPacket;
        this.maxObjectBytes = maxObjectBytes;
    }

    /**
     * Opens a TCP connection, or a TLS connection when {@code tls} is not {@code null} (handshake done, server
     * verified against the context's trust anchors and {@code host}).
     */
    public static ObexClient open(
            String host,
            int port,
            SSLContext tls,
            Duration connectTimeout,
            Duration readTimeout,
            int ourMaxPacket,
            int maxObjectBytes)
            throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            plain.setTcpNoDelay(true);
            Socket s = plain;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                ssl.setSSLParameters(TlsContexts.clientParameters(tls));
                ssl.setUseClientMode(true);
                ssl.startHandshake();
                s = ssl;
            }
            return new ObexClient(s, ourMaxPacket, maxObjectBytes);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The TLS session, or {@code null} over plain TCP. */
    public SSLSession tlsSession() {
        return socket instanceof SSLSocket s ? s.getSession() : null;
    }

    /** The server certificates the TLS handshake verified; empty over TCP. */
    public List<X509Certificate> serverCertificates() {
        List<X509Certificate> certs = new ArrayList<>();
        SSLSession s = tlsSession();
        if (s == null) {
            return certs;
        }
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // stays empty: the server is then not authenticated
        }
        return certs;
    }

    /** The Connection-ID the server gave in its CONNECT response, if any. */
    public Optional<Long> connectionId() {
        return Optional.ofNullable(connectionId);
    }

    /** The Who header of the CONNECT response, if any. */
    public Optional<byte[]> who() {
        return Optional.ofNullable(who == null ? null : who.clone());
    }

    public int peerMaxPacket() {
        return peerMaxPacket;
    }

    /**
     * CONNECT with {@code target} (may be {@code null} for the default service).
     *
     * @throws ObexRefusedException when the server answers with anything but success
     */
    public void connect(byte[] target) throws IOException {
        List<ObexHeader> h = new ArrayList<>();
        if (target != null) {
            h.add(new ObexHeader.Bytes(ObexHeaderId.TARGET, target));
        }
        ObexPacket req = new ObexPacket(
                ObexOpcode.CONNECT,
                new ObexPacket.ConnectFields(ObexPacket.ConnectFields.OBEX_1_0, 0, ourMaxPacket),
                h);
        ObexCodec.write(out, req);
        ObexPacket resp = read(true);
        if (resp.code() != ObexResponse.SUCCESS) {
            throw refused("CONNECT", resp);
        }
        peerMaxPacket = resp.connect().maxPacketLength();
        connectionId = resp.quantity(ObexHeaderId.CONNECTION_ID).orElse(null);
        who = resp.bytes(ObexHeaderId.WHO).orElse(null);
    }

    /** PUT one object: {@code leading} headers in the first packet (Connection-ID is added first), then the body. */
    public void put(List<ObexHeader> leading, byte[] body) throws IOException {
        List<ObexPacket> packets =
                ObexPackets.split(ObexOpcode.PUT, ObexOpcode.PUT_FINAL, withConnectionId(leading), body, peerMaxPacket);
        for (ObexPacket p : packets) {
            ObexCodec.write(out, p);
            ObexPacket resp = read(false);
            int expected = p.isFinal() ? ObexResponse.SUCCESS : ObexResponse.CONTINUE;
            if (resp.code() != expected && !(p.isFinal() && ObexResponse.isSuccess(resp.code()))) {
                throw refused("PUT", resp);
            }
        }
    }

    /** GET one object described by {@code leading} (Connection-ID is added first). */
    public Received get(List<ObexHeader> leading) throws IOException {
        List<ObexHeader> headers = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ObexPacket req = ObexPacket.of(ObexOpcode.GET_FINAL, withConnectionId(leading));
        int headerBytes = 0;
        int idle = 0;
        while (true) {
            ObexCodec.write(out, req);
            ObexPacket resp = read(false);
            if (resp.code() != ObexResponse.CONTINUE && !ObexResponse.isSuccess(resp.code())) {
                throw refused("GET", resp);
            }
            for (ObexHeader h : resp.headers()) {
                if (h.id() != ObexHeaderId.BODY && h.id() != ObexHeaderId.END_OF_BODY) {
                    headers.add(h);
                    headerBytes += h.encodedLength();
                }
            }
            // A server that keeps answering Continue without moving the body forward would hold us forever.
            idle = resp.appendBody(body) == 0 ? idle + 1 : 0;
            if (headerBytes > MAX_HEADER_BYTES || idle > MAX_IDLE_PACKETS) {
                throw new ObexFormatException(
                        "GET response keeps sending packets without body progress", 0, ObexResponse.NOT_ACCEPTABLE);
            }
            if (body.size() > maxObjectBytes) {
                throw new ObexFormatException(
                        "object larger than " + maxObjectBytes + " bytes", 0, ObexResponse.ENTITY_TOO_LARGE);
            }
            if (resp.code() != ObexResponse.CONTINUE) {
                return new Received(headers, body.toByteArray());
            }
            req = ObexPacket.of(ObexOpcode.GET_FINAL, withConnectionId(List.of()));
        }
    }

    /** DISCONNECT; the answer is read but its code does not matter any more. */
    public void disconnect() throws IOException {
        ObexCodec.write(out, ObexPacket.of(ObexOpcode.DISCONNECT, withConnectionId(List.of())));
        read(false);
    }

    private List<ObexHeader> withConnectionId(List<ObexHeader> leading) {
        if (connectionId == null) {
            return leading;
        }
        List<ObexHeader> h = new ArrayList<>();
        h.add(DmObex.connectionId(connectionId));
        h.addAll(leading);
        return h;
    }

    private ObexPacket read(boolean toConnect) throws IOException {
        byte[] frame = ObexCodec.readFrame(in, ourMaxPacket);
        if (frame == null) {
            throw new java.io.EOFException("OBEX server closed the connection");
        }
        return ObexCodec.decodeResponse(frame, toConnect);
    }

    private static ObexRefusedException refused(String op, ObexPacket resp) {
        String why = resp.text(ObexHeaderId.DESCRIPTION).orElse("");
        // The description is the peer's text: keep it to one short printable line before it reaches a log.
        why = why.codePoints()
                .limit(200)
                .map(c -> c < 0x20 || c == 0x7F || Character.getType(c) == Character.FORMAT ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return new ObexRefusedException(op, resp.code(), why);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The server answered an operation with a failure response code. */
    public static final class ObexRefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int responseCode;

        public ObexRefusedException(String operation, int responseCode, String description) {
            super(String.format(
                    "%s answered with OBEX 0x%02X (%d)%s",
                    operation,
                    responseCode,
                    ObexResponse.httpStatus(responseCode),
                    description.isEmpty() ? "" : ": " + description.strip()));
            this.responseCode = responseCode;
        }

        public int responseCode() {
            return responseCode;
        }
    }
}
