package io.trustdm.client.transport;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import java.net.URI;
import java.util.Objects;

/**
 * One DM message to send: where, the encoded bytes, their encoding, and the {@code x-syncml-hmac} value when
 * transport-neutral integrity is in use.
 */
public record DmExchange(URI target, byte[] body, Encoding encoding, String hmacHeader) {
    public DmExchange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(encoding, "encoding");
    }
}
