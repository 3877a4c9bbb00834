package io.trustdm.server.http;

/** Whether the TLS endpoint asks for a client certificate. */
public enum ClientAuth {
    /** No certificate is requested. */
    NONE,
    /** A certificate is requested; devices without one may still authenticate at the DM layer. */
    WANT,
    /** The handshake fails without a certificate the trust anchors verify. */
    NEED
}
