package io.trustdm.server.auth;

import io.trustdm.security.auth.AuthScheme;
import java.util.Locale;

/**
 * How the server proves itself to one Device (the server side of the Device's SRVCRED entry), chosen independently of
 * how the Device proves itself to the server (CLCRED). Exists because a Device with Basic or a certificate toward the
 * server may still want the server to carry a nonce-bound MD5 Cred or an x-syncml-hmac, and the reverse.
 */
public enum ServerCredentialScheme {
    /**
     * No DM-level server credential: the TLS server certificate authenticates the server (SRVCRED AAuthType
     * {@code TRANSPORT}). Over a channel without transport authentication and integrity the message security policy
     * still demands x-syncml-hmac in both directions, so this never means "unauthenticated".
     */
    NONE(AuthScheme.TRANSPORT),
    /** An MD5 digest Cred in the server's SyncHdr, computed with the Device's ServerNonce. */
    MD5(AuthScheme.MD5),
    /** An x-syncml-hmac on every server message, keyed with the server's digest key and the Device's ServerNonce. */
    HMAC(AuthScheme.HMAC);

    private final AuthScheme scheme;

    ServerCredentialScheme(AuthScheme scheme) {
        this.scheme = scheme;
    }

    /** The matching security scheme; {@link AuthScheme#TRANSPORT} for {@link #NONE}. */
    public AuthScheme authScheme() {
        return scheme;
    }

    /** True when the server needs its own digest key (SRVCRED secret) toward the Device. */
    public boolean needsServerKey() {
        return this != NONE;
    }

    /**
     * Today's behaviour before the two directions were split, so that accounts without an explicit choice keep it: an
     * MD5 account gets an MD5 server Cred, an HMAC account with DM credentials an x-syncml-hmac, everything else (Basic,
     * certificate-only HMAC) the TLS server certificate alone.
     */
    public static ServerCredentialScheme defaultFor(AuthScheme clientScheme, boolean certificateOnly) {
        if (clientScheme == AuthScheme.MD5) {
            return MD5;
        }
        if (clientScheme == AuthScheme.HMAC && !certificateOnly) {
            return HMAC;
        }
        return NONE;
    }

    /** Parses {@code md5}, {@code hmac} or {@code none} (any case). */
    public static ServerCredentialScheme parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("server credential scheme is required");
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "md5", "digest" -> MD5;
            case "hmac" -> HMAC;
            case "none", "transport" -> NONE;
            default -> throw new IllegalArgumentException("server credential scheme must be md5, hmac or none");
        };
    }
}
