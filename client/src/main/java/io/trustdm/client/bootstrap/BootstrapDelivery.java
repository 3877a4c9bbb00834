package io.trustdm.client.bootstrap;

import io.trustdm.security.transport.TransportSecurity;
import java.util.Objects;

/**
 * A bootstrap as a source delivered it: the document bytes, the Content-Type (with its SEC and MAC parameters, if
 * any) and the security of the channel it came over, derived from that channel — never from configuration.
 */
public record BootstrapDelivery(byte[] body, String contentType, TransportSecurity transport, String origin) {
    public BootstrapDelivery {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(origin, "origin");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
