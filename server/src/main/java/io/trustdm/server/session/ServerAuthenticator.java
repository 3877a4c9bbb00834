package io.trustdm.server.session;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.server.http.DmHttpRequest;

/**
 * Authentication of one Management Session from the server's side, in both directions, for one Device account.
 * Implementations apply the {@code MessageSecurityPolicy}: over a transport without authentication and integrity
 * they require a valid x-syncml-hmac on every message.
 */
public interface ServerAuthenticator {

    /**
     * Judges one message from the Device: its header Cred, its x-syncml-hmac over the body, and the transport it
     * came over (TLS session, verified client certificate). Returns the status for the Device's SyncHdr.
     */
    Verdict verifyDevice(SyncHdr header, DmHttpRequest request);

    /** The server's credentials for its next header, or {@code null}. */
    Cred credentials();

    /** The Device's status for the server's SyncHdr (with its challenge, if any). */
    void onDeviceStatus(int status, Chal challenge);

    /** The x-syncml-hmac value for an outgoing message body, or {@code null} when not in use. */
    String sign(byte[] body);

    /**
     * The status for the Device's SyncHdr.
     *
     * @param status        212 / 200 when authenticated, 401 / 407 otherwise
     * @param challenge     challenge with NextNonce, or {@code null}
     * @param authenticated whether the Device's commands may be processed and jobs delivered
     * @param terminate     end the session now (e.g. repeated failure, downgrade attempt)
     * @param reason        for the audit trail; never contains secrets
     */
    record Verdict(int status, Chal challenge, boolean authenticated, boolean terminate, String reason) {}
}
