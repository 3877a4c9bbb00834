package io.trustdm.security.transport;

/** The two ends of a DM session. A message's direction is given by its sender. */
public enum Party {
    CLIENT,
    SERVER;

    public Party peer() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
