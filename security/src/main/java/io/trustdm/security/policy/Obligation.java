package io.trustdm.security.policy;

/** What an accepting decision requires of the caller. */
public enum Obligation {
    /** The transport provides authentication and integrity, so they are used (CR: MUST). */
    USE_TRANSPORT_AUTHENTICATION_AND_INTEGRITY,
    /** The transport provides confidentiality, so it is used (CR: SHOULD; TrustDM always does). */
    USE_TRANSPORT_CONFIDENTIALITY,
    /** The transport lacks confidentiality: the message must not carry confidential content. */
    NO_CONFIDENTIAL_CONTENT,
    /** Attach a valid {@code x-syncml-hmac} header over the exact body octets sent. */
    ATTACH_HMAC,
    /** Put a fresh NextNonce in the Status for the peer's SyncHdr of every message (HMAC in use). */
    NEW_NONCE_EVERY_MESSAGE,
    /** The peer must authenticate again in its next message (status 200, not 212). */
    PEER_MUST_AUTHENTICATE_EVERY_MESSAGE
}
