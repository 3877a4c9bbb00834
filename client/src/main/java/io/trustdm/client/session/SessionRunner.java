package io.trustdm.client.session;

import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.message.SyncMl;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives a {@link ManagementSession} over a {@link DmTransport}: encodes each Device message, sends it to the
 * current target (RespURI aware), decodes the reply, and loops until the session is over. The transport facts of
 * every reply go to {@code onReply} so that a security policy can judge them.
 */
public final class SessionRunner {
    private final DmTransport transport;
    private final SyncMlCodec codec;
    private final int maxMessages;

    public SessionRunner(DmTransport transport, SyncMlCodec codec, int maxMessages) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.maxMessages = maxMessages;
    }

    /** What happened: how many messages the Device sent and whether the server aborted. */
    public record Outcome(int messagesSent, boolean abortedByServer) {}

    public Outcome run(ManagementSession session, SyncMl package1, HmacSigner signer, Consumer<DmReply> onReply)
            throws DmTransportException, SessionException {
        SyncMl next = package1;
        int sent = 0;
        while (next != null) {
            if (++sent > maxMessages) {
                throw new SessionException("session exceeded " + maxMessages + " messages");
            }
            byte[] body = codec.encode(next, session.config().encoding());
            DmReply reply = transport.exchange(new DmExchange(
                    URI.create(next.header().target().locUri()),
                    body,
                    session.config().encoding(),
                    signer.sign(body)));
            onReply.accept(reply);
            SyncMl serverMsg = codec.decode(reply.body(), reply.encoding());
            Optional<SyncMl> answer = session.onServerMessage(serverMsg);
            next = answer.orElse(null);
        }
        return new Outcome(sent, session.wasAborted());
    }

    /** Computes the x-syncml-hmac value of an outgoing body, or returns {@code null} when not in use. */
    @FunctionalInterface
    public interface HmacSigner {
        String sign(byte[] body);

        HmacSigner NONE = body -> null;
    }
}
