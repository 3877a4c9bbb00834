package io.trustdm.security;

import io.trustdm.protocol.message.StatusCode;

/**
 * Broken security input from a peer: an {@code x-syncml-hmac} header that does not parse, a nonce or credential that
 * is not valid base64, a MAC that is not hex. It carries the DM status the receiver should answer with; for
 * authentication data that is 401, because a credential that cannot be read is a credential that failed.
 */
public class SecurityFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public SecurityFormatException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public SecurityFormatException(String message) {
        this(message, StatusCode.UNAUTHORIZED, null);
    }

    public SecurityFormatException(String message, Throwable cause) {
        this(message, StatusCode.UNAUTHORIZED, cause);
    }

    /** The status the receiver should answer with (401 for unreadable authentication data). */
    public int status() {
        return status;
    }
}
