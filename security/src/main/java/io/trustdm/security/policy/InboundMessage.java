package io.trustdm.security.policy;

import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.transport.Party;
import java.util.Objects;

/**
 * The security facts of one received DM message, already checked by the caller.
 *
 * @param sender      who sent it
 * @param subject     the account it belongs to (ServerID or device identifier), for audit events
 * @param credentials what checking its SyncHdr {@code Cred} found
 * @param hmac        what checking its {@code x-syncml-hmac} header found
 * @param session     how far the sender had authenticated before this message
 */
public record InboundMessage(
        Party sender,
        String subject,
        VerificationResult credentials,
        VerificationResult hmac,
        SessionSecurityState session) {
    public InboundMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(hmac, "hmac");
        Objects.requireNonNull(session, "session");
    }
}
