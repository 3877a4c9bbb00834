package io.trustdm.protocol.codec;

import io.trustdm.protocol.message.StatusCode;

/**
 * Broken input: a message that cannot be decoded, or one that breaks a limit. It says where the problem is and which
 * DM status the receiver should answer with (400 for malformed input, 413 for oversize, 415 for an unsupported
 * encoding). Every decoding failure ends in this exception or one of its subclasses, never in an unchecked error of
 * another type.
 */
public class SyncMlFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String location;

    public SyncMlFormatException(String message, String location, int status, Throwable cause) {
        super(location == null || location.isEmpty() ? message : message + " (at " + location + ")", cause);
        this.status = status;
        this.location = location == null ? "" : location;
    }

    public SyncMlFormatException(String message, String location) {
        this(message, location, StatusCode.BAD_REQUEST, null);
    }

    /** The status code the receiver should answer with: 400, 413 or 415. */
    public int status() {
        return status;
    }

    /** Where in the input: {@code byte 17} for WBXML, {@code line 3, column 5} for XML; empty when unknown. */
    public String location() {
        return location;
    }
}
