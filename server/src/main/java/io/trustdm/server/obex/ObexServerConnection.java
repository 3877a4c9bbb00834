package io.trustdm.server.obex;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexFormatException;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexOpcode;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexPackets;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.security.transport.TlsProfile;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.DmHttpResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One OBEX connection on the server side: the CONNECT / PUT / GET / DISCONNECT state machine of the DM binding. */
final class ObexServerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ObexServerConnection.class);

    /** A DM GET request fits one packet; a few are tolerated, an endless stream is not. */
    private static final int MAX_GET_REQUEST_PACKETS = 8;

    private final Socket socket;
    private final ObexDmServer.Builder config;
    private final long connectionId;
    private final Runnable onRefusedConnect;
    private final Runnable onExchange;
    private final InputStream in;
    private final OutputStream out;
    private final String remote;
    private final ChannelKind channel;
    private SSLSession tls;
    private List<X509Certificate> peerCertificates = List.of();

    private boolean connected;
    private boolean targeted;
    private int peerMax = ObexCodec.MIN_PACKET_LENGTH;

    /** The object being PUT: its first packet (Type, HTTP, Name, Length) and the body so far. */
    private ObexPacket putStart;

    private final ByteArrayOutputStream putBody = new ByteArrayOutputStream();

    /** The reply waiting to be fetched with GET. */
    private Outgoing pending;

    private record Outgoing(String type, byte[] body, String hmac) {}

    ObexServerConnection(
            Socket socket,
            ObexDmServer.Builder config,
            long connectionId,
            Runnable onRefusedConnect,
            Runnable onExchange)
            throws IOException {
        this.socket = socket;
        this.config = config;
        this.connectionId = connectionId;
        this.onRefusedConnect = onRefusedConnect;
        this.onExchange = onExchange;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.remote = String.valueOf(socket.getInetAddress().getHostAddress());
        this.channel = socket instanceof SSLSocket ? ChannelKind.OBEX_TLS : ChannelKind.OBEX_TCP;
    }

    void run() throws IOException {
        if (socket instanceof SSLSocket ssl) {
            ssl.startHandshake();
            tls = ssl.getSession();
            peerCertificates = verifiedPeerCertificates(tls);
        }
        while (true) {
            ObexPacket req;
            try {
                byte[] frame = ObexCodec.readFrame(in, config.maxPacketLength);
                if (frame == null) {
                    return; // the client closed: it, not we, keeps the TIME_WAIT
                }
                req = ObexCodec.decodeRequest(frame);
            } catch (ObexFormatException e) {
                // After a broken frame the stream position is unknown: answer once, then hang up.
                respond(e.responseCode(), e.getMessage());
                return;
            }
            if (!handle(req)) {
                return;
            }
        }
    }

    /** Handles one request packet; false when the connection must end. */
    private boolean handle(ObexPacket req) throws IOException {
        int op = req.code();
        if (op == ObexOpcode.CONNECT) {
            return connect(req);
        }
        if (!connected) {
            respond(ObexResponse.FORBIDDEN, "CONNECT with Target SYNCML-DM first");
            return true;
        }
        Optional<Long> cid = req.quantity(ObexHeaderId.CONNECTION_ID);
        if (targeted && cid.isPresent() && cid.get() != connectionId) {
            respond(ObexResponse.SERVICE_UNAVAILABLE, "unknown Connection-ID");
            return true;
        }
        try {
            switch (ObexOpcode.base(op)) {
                case ObexOpcode.PUT -> put(req);
                case ObexOpcode.GET -> get(req);
                case ObexOpcode.DISCONNECT -> {
                    respond(ObexResponse.SUCCESS, null);
                    connected = false;
                }
                case ObexOpcode.ABORT -> {
                    resetPut();
                    respond(ObexResponse.SUCCESS, null);
                }
                case ObexOpcode.SETPATH -> respond(ObexResponse.NOT_IMPLEMENTED, "no folders in the DM service");
                default -> respond(ObexResponse.BAD_REQUEST, String.format("unknown opcode 0x%02X", op));
            }
        } catch (ObexFormatException e) {
            resetPut();
            respond(e.responseCode(), e.getMessage());
        }
        return true;
    }

    private boolean connect(ObexPacket req) throws IOException {
        Optional<byte[]> target = req.bytes(ObexHeaderId.TARGET);
        boolean dm = target.isPresent() && DmObex.isDmTarget(target.get());
        if (!dm && (target.isPresent() || !config.untargetedConnectAllowed)) {
            onRefusedConnect.run();
            LOG.info("refused OBEX CONNECT from {}: {}", remote, target.isPresent() ? "another Target" : "no Target");
            ObexCodec.write(
                    out,
                    new ObexPacket(
                            ObexResponse.FORBIDDEN,
                            fields(),
                            List.of(description("this endpoint serves only Target " + DmObex.TARGET_NAME))));
            return true;
        }
        connected = true;
        targeted = dm;
        peerMax = req.connect().maxPacketLength();
        List<ObexHeader> h = new ArrayList<>();
        if (dm) {
            h.add(DmObex.connectionId(connectionId));
            h.add(DmObex.who());
        }
        ObexCodec.write(out, new ObexPacket(ObexResponse.SUCCESS, fields(), h));
        return true;
    }

    private ObexPacket.ConnectFields fields() {
        return new ObexPacket.ConnectFields(ObexPacket.ConnectFields.OBEX_1_0, 0, config.maxPacketLength);
    }

    private void put(ObexPacket req) throws IOException {
        if (config.handler == null) {
            respond(ObexResponse.FORBIDDEN, "this endpoint only hands out bootstraps");
            return;
        }
        if (putStart == null) {
            putStart = req;
            Optional<Long> declared = req.quantity(ObexHeaderId.LENGTH);
            if (declared.isPresent() && declared.get() > config.maxMessageBytes) {
                resetPut();
                respond(ObexResponse.ENTITY_TOO_LARGE, "message exceeds " + config.maxMessageBytes + " bytes");
                return;
            }
        }
        req.appendBody(putBody);
        if (putBody.size() > config.maxMessageBytes) {
            resetPut();
            respond(ObexResponse.ENTITY_TOO_LARGE, "message exceeds " + config.maxMessageBytes + " bytes");
            return;
        }
        if (!req.isFinal()) {
            respond(ObexResponse.CONTINUE, null);
            return;
        }
        ObexPacket start = putStart;
        byte[] body = putBody.toByteArray();
        resetPut();
        if (body.length == 0) {
            respond(ObexResponse.BAD_REQUEST, "a PUT without a body is not a DM message");
            return;
        }
        Encoding encoding;
        String mediaType;
        Optional<String> type = DmObex.mediaType(start);
        try {
            if (type.isPresent()) {
                encoding = Encoding.fromContentType(type.get());
                mediaType = type.get();
            } else if (!targeted) {
                // legacy clients on the default service send no Type: judge by the bytes
                encoding = Encoding.sniff(body);
                mediaType = encoding.mediaType();
            } else {
                respond(ObexResponse.UNSUPPORTED_MEDIA_TYPE, "Type header missing");
                return;
            }
        } catch (SyncMlFormatException e) {
            respond(ObexResponse.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
            return;
        }
        DmHttpRequest request = new DmHttpRequest(
                "obex:" + start.text(ObexHeaderId.NAME).orElse(""),
                null,
                encoding,
                mediaType,
                body,
                DmObex.hmac(start).orElse(null),
                remote,
                tls,
                peerCertificates,
                channel);
        DmHttpResponse reply;
        try {
            onExchange.run();
            reply = config.handler.handle(request);
        } catch (SyncMlFormatException e) {
            respond(
                    ObexResponse.fromHttpStatus(e.status() == 413 || e.status() == 415 ? e.status() : 400),
                    e.getMessage());
            return;
        } catch (Exception e) {
            LOG.warn("DM message over OBEX from {} failed: {}", remote, e.toString());
            respond(ObexResponse.INTERNAL_SERVER_ERROR, "internal error");
            return;
        }
        pending = new Outgoing(mediaType, reply.body(), reply.hmacHeader());
        respond(ObexResponse.SUCCESS, null);
    }

    private void get(ObexPacket req) throws IOException {
        // A GET whose request headers span packets: collect them until the final bit.
        List<ObexHeader> headers = new ArrayList<>(req.headers());
        ObexPacket r = req;
        int packets = 1;
        while (!r.isFinal()) {
            if (++packets > MAX_GET_REQUEST_PACKETS) {
                respond(ObexResponse.BAD_REQUEST, "GET request spread over too many packets");
                return;
            }
            respond(ObexResponse.CONTINUE, null);
            r = next();
            if (r == null) {
                return;
            }
            headers.addAll(r.headers());
        }
        ObexPacket all = ObexPacket.of(ObexOpcode.GET_FINAL, headers);
        Outgoing o;
        if (all.text(ObexHeaderId.NAME).filter("bootstrap"::equals).isPresent()) {
            o = bootstrap();
            if (o == null) {
                return;
            }
        } else {
            if (pending == null) {
                respond(ObexResponse.NOT_FOUND, "no reply waiting: PUT a DM message first");
                return;
            }
            o = pending;
            pending = null;
        }
        sendObject(o);
    }

    private Outgoing bootstrap() throws IOException {
        BootstrapService service = config.bootstrap;
        if (service == null) {
            respond(ObexResponse.NOT_FOUND, "no bootstrap service here");
            return null;
        }
        String deviceId = peerCertificates.isEmpty() ? null : CertificateAuthority.commonName(peerCertificates.get(0));
        TransportSecurity transport = tls == null
                ? TransportSecurity.obexOverTcp()
                : TransportSecurity.fromServerTlsSession(
                        ChannelKind.OBEX_TLS, tls, deviceId != null, TlsProfile.MODERN);
        String subject = deviceId == null ? "unidentified device at " + remote : deviceId;
        BootstrapService.Delivery d = service.deliver(subject, transport);
        if (d.bootstrap().isEmpty()) {
            if (!d.decision().isAccepted()) {
                respond(
                        ObexResponse.FORBIDDEN,
                        "bootstrap refused: " + d.decision().reason());
            } else {
                respond(ObexResponse.NOT_FOUND, "no bootstrap prepared for " + subject);
            }
            return null;
        }
        BootstrapPackage p = d.bootstrap().get();
        return new Outgoing(p.contentType(), p.body(), null);
    }

    /** Sends an object as GET response packets, reading the client's follow-up GETs in between. */
    private void sendObject(Outgoing o) throws IOException {
        List<ObexHeader> leading = new ArrayList<>();
        leading.add(DmObex.type(o.type()));
        leading.add(new ObexHeader.FourByte(ObexHeaderId.LENGTH, o.body().length));
        if (o.hmac() != null) {
            leading.add(DmObex.hmac(o.hmac()));
        }
        List<ObexPacket> packets =
                ObexPackets.split(ObexResponse.CONTINUE, ObexResponse.SUCCESS, leading, o.body(), peerMax);
        for (int i = 0; i < packets.size(); i++) {
            ObexCodec.write(out, packets.get(i));
            if (i + 1 < packets.size()) {
                ObexPacket follow = next();
                if (follow == null) {
                    return;
                }
                if (follow.code() == ObexOpcode.ABORT) {
                    respond(ObexResponse.SUCCESS, null);
                    return;
                }
                if (ObexOpcode.base(follow.code()) != ObexOpcode.GET) {
                    respond(ObexResponse.BAD_REQUEST, "expected GET to continue the transfer");
                    return;
                }
            }
        }
    }

    private ObexPacket next() throws IOException {
        byte[] frame = ObexCodec.readFrame(in, config.maxPacketLength);
        return frame == null ? null : ObexCodec.decodeRequest(frame);
    }

    private void resetPut() {
        putStart = null;
        putBody.reset();
    }

    private void respond(int code, String why) throws IOException {
        ObexCodec.write(out, why == null ? ObexPacket.of(code) : ObexPacket.of(code, description(why)));
    }

    /** A Description header, cut so that the packet fits the smallest maximum any peer may announce. */
    private static ObexHeader description(String why) {
        String s = why.length() > 100 ? why.substring(0, 100) : why;
        return new ObexHeader.Text(ObexHeaderId.DESCRIPTION, s);
    }

    private static List<X509Certificate> verifiedPeerCertificates(SSLSession session) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return certs;
    }
}
