package io.trustdm.server.http;

import java.util.Objects;

/**
 * The reply to a DM message: the encoded message and, when transport-neutral integrity is in use, the
 * {@code x-syncml-hmac} header over exactly these bytes.
 */
public record DmHttpResponse(byte[] body, String hmacHeader) {
    public DmHttpResponse {
        Objects.requireNonNull(body, "body");
    }
}
