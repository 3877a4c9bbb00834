package io.trustdm.protocol.notification;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.StatusCode;

/** A Package #0 that cannot be parsed; {@link #offset()} is the byte where the problem is. */
public final class NotificationFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public NotificationFormatException(String message, int offset) {
        super(message, "byte " + offset, StatusCode.BAD_REQUEST, null);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
