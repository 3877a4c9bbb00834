package io.trustdm.server.notification;

/** A Push Proxy Gateway answered with something that is not a PAP response. */
public final class PapFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
