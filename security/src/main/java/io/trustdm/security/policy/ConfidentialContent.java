package io.trustdm.security.policy;

/**
 * Kinds of {@code <Data>} content whose disclosure matters. DM defines no transport-neutral confidentiality, so such
 * content only travels over a channel whose transport encrypts it.
 */
public enum ConfidentialContent {
    /** Passwords or nonces of an account (AAuthSecret, AAuthData). */
    CREDENTIALS,
    /** Private keys, shared keys or other secrets of a management object. */
    KEYS_AND_SECRETS,
    /** A bootstrap message or the data it provisions. */
    BOOTSTRAP_DATA
}
