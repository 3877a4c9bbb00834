package io.trustdm.security.policy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.transport.Party;
import java.util.Objects;
import java.util.Set;

/**
 * What a DM message about to be sent carries, as far as security is concerned.
 *
 * @param sender           this side
 * @param subject          the account it belongs to, for audit events
 * @param credentialScheme the scheme of the {@code Cred} in its SyncHdr; {@code null} for none
 * @param hmacRequested    the peer asked for HMAC (challenge) or HMAC is already in use in this session
 * @param hmacAttachable   this side has the key and a nonce from the peer, so it can add {@code x-syncml-hmac}
 * @param confidential     confidential content in its {@code <Data>} elements; empty for none
 */
public record OutboundMessage(
        Party sender,
        String subject,
        AuthScheme credentialScheme,
        boolean hmacRequested,
        boolean hmacAttachable,
        Set<ConfidentialContent> confidential) {
    public OutboundMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(subject, "subject");
        confidential = Set.copyOf(confidential);
    }
}
