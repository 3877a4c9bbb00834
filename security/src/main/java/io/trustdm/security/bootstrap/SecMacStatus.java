package io.trustdm.security.bootstrap;

/** What the SEC/MAC check of a received bootstrap found; the bootstrap policy decides what follows. */
public enum SecMacStatus {
    /** Neither SEC nor MAC was present. */
    ABSENT,
    /** SEC named a method and the MAC verified with the configured key. */
    VALID,
    /** SEC or MAC was present but missing its partner, unknown, unreadable or wrong. */
    INVALID
}
