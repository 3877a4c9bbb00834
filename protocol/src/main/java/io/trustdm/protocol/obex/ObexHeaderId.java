package io.trustdm.protocol.obex;

/** The OBEX header identifiers the DM binding uses (IrOBEX 1.2 §2.2). */
public final class ObexHeaderId {
    public static final int COUNT = 0xC0;
    /** Object name, UTF-16BE text. */
    public static final int NAME = 0x01;
    /** MIME type, NUL-terminated ASCII byte sequence. */
    public static final int TYPE = 0x42;
    /** Object length in bytes. */
    public static final int LENGTH = 0xC3;
    /** Human-readable text, used here for the reason of a refusal. */
    public static final int DESCRIPTION = 0x05;
    /** The service the client wants to reach; {@code SYNCML-DM} for DM. */
    public static final int TARGET = 0x46;
    /** HTTP 1.x header lines; carries {@code x-syncml-hmac}. */
    public static final int HTTP = 0x47;

    public static final int BODY = 0x48;
    public static final int END_OF_BODY = 0x49;
    /** The service that answered a targeted CONNECT. */
    public static final int WHO = 0x4A;

    public static final int CONNECTION_ID = 0xCB;
    public static final int AUTH_CHALLENGE = 0x4D;
    public static final int AUTH_RESPONSE = 0x4E;

    private ObexHeaderId() {}
}
