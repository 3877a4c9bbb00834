package io.trustdm.protocol.obex;

/**
 * OBEX response codes (IrOBEX 1.2 §3.2.1), always with the final bit set: HTTP status codes squeezed into 7 bits, so
 * 0xA0 is "200 OK" and 0xC3 "403 Forbidden". {@link #CONTINUE} asks the client for the next packet of a multi-packet
 * operation.
 */
public final class ObexResponse {
    public static final int CONTINUE = 0x90;
    public static final int SUCCESS = 0xA0;
    public static final int BAD_REQUEST = 0xC0;
    public static final int UNAUTHORIZED = 0xC1;
    public static final int FORBIDDEN = 0xC3;
    public static final int NOT_FOUND = 0xC4;
    public static final int METHOD_NOT_ALLOWED = 0xC5;
    public static final int NOT_ACCEPTABLE = 0xC6;
    public static final int REQUEST_TIMEOUT = 0xC8;
    public static final int ENTITY_TOO_LARGE = 0xCD;
    public static final int UNSUPPORTED_MEDIA_TYPE = 0xCF;
    public static final int INTERNAL_SERVER_ERROR = 0xD0;
    public static final int NOT_IMPLEMENTED = 0xD1;
    public static final int SERVICE_UNAVAILABLE = 0xD3;

    private ObexResponse() {}

    public static boolean isSuccess(int code) {
        return (code & 0x7F) >= 0x20 && (code & 0x7F) < 0x30;
    }

    /** The HTTP status this response code stands for (0xA0 → 200, 0xC3 → 403, 0x90 → 100). */
    public static int httpStatus(int code) {
        int c = code & 0x7F;
        return (c >> 4) * 100 + (c & 0x0F);
    }

    /** The response code for an HTTP-style status (200 → 0xA0, 404 → 0xC4); 500 for values OBEX cannot express. */
    public static int fromHttpStatus(int status) {
        int hundreds = status / 100;
        int rest = status % 100;
        if (hundreds < 1 || hundreds > 5 || rest > 15) {
            return INTERNAL_SERVER_ERROR;
        }
        return 0x80 | (hundreds << 4) | rest;
    }
}
