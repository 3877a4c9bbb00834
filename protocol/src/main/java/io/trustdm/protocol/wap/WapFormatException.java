package io.trustdm.protocol.wap;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.StatusCode;

/** A WSP PDU or SMS user data header that cannot be parsed; {@link #offset()} locates the problem. */
public final class WapFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public WapFormatException(String message, int offset) {
        super(message, "byte " + offset, StatusCode.BAD_REQUEST, null);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
