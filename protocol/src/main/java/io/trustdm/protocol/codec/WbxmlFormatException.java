package io.trustdm.protocol.codec;

/** Broken WBXML input; {@link #offset()} is the byte offset of the problem. */
public final class WbxmlFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public WbxmlFormatException(String message, long offset, int status) {
        super(message, "byte " + offset, status, null);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
