package io.trustdm.client.transport;

import java.io.IOException;

/** A DM message could not be exchanged: connection, TLS, HTTP status or size failure. */
public class DmTransportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public DmTransportException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public DmTransportException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    /** The HTTP status when the server answered with an error, else -1. */
    public int httpStatus() {
        return httpStatus;
    }
}
