package io.trustdm.client.session;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.SyncHdr;

/**
 * The application-layer authentication of a Management Session from the Device's side, in both directions
 * (OMA-TS-DM_Security §5.1): the Device's credentials toward the server, and its judgement of the server's.
 */
public interface ClientAuthenticator {

    /** Credentials for the header of the next message, or {@code null} to send none. */
    Cred credentials();

    /**
     * The server answered our SyncHdr: 212 (authenticated for the session), 200 (send credentials on every
     * message), 401 or 407 with a challenge. Returns what the session does next.
     */
    HeaderOutcome onHeaderStatus(int status, Chal challenge);

    /**
     * Judges the server's SyncHdr (its Cred, if any) and returns the Status code for it (200 or 212 when the server
     * is authenticated; 401/407 otherwise) with an optional challenge carrying the next nonce.
     */
    ServerVerdict verifyServer(SyncHdr serverHeader);

    /** What the session does after the server's status for our SyncHdr. */
    enum HeaderOutcome {
        /** Authenticated; keep going. */
        CONTINUE,
        /** Re-send Package 1 with new credentials. */
        RESEND_PACKAGE_1,
        /** Give up: authentication failed for good. */
        FAIL
    }

    /** The status for the server's SyncHdr and whether its commands may be executed. */
    record ServerVerdict(int status, Chal challenge, boolean authenticated) {}

    /**
     * No application-layer authentication: only valid when the transport authenticated both sides (mutual TLS),
     * which the caller must have checked.
     */
    static ClientAuthenticator transportOnly() {
        return new ClientAuthenticator() {
            @Override
            public Cred credentials() {
                return null;
            }

            @Override
            public HeaderOutcome onHeaderStatus(int status, Chal challenge) {
                return status == 200 || status == 212 ? HeaderOutcome.CONTINUE : HeaderOutcome.FAIL;
            }

            @Override
            public ServerVerdict verifyServer(SyncHdr serverHeader) {
                return new ServerVerdict(200, null, true);
            }
        };
    }
}
