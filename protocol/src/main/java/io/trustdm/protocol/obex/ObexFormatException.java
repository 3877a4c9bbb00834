package io.trustdm.protocol.obex;

/**
 * A frame that is not valid OBEX, or one that breaks a limit (packet longer than negotiated, object larger than
 * allowed). It names the byte offset in the frame where the problem was found. The receiver answers with
 * {@link #responseCode()} when it still can, else drops the connection.
 */
public class ObexFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final int responseCode;

    public ObexFormatException(String message, int offset, int responseCode) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
        this.responseCode = responseCode;
    }

    public ObexFormatException(String message, int offset) {
        this(message, offset, ObexResponse.BAD_REQUEST);
    }

    /** Offset in the frame where decoding stopped. */
    public int offset() {
        return offset;
    }

    /** The OBEX response code (final bit set) that tells the peer what went wrong. */
    public int responseCode() {
        return responseCode;
    }
}
