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

    /** Longest message kept; messages quote input (names, numbers, parser text), which may be megabytes long. */
    static final int MAX_MESSAGE_CHARS = 300;

    public SyncMlFormatException(String message, String location, int status, Throwable cause) {
        super(
                location == null || location.isEmpty() ? oneLine(message) : oneLine(message) + " (at " + location + ")",
                cause);
        this.status = status;
        this.location = location == null ? "" : location;
    }

    /**
     * The message as one bounded line of plain text: it quotes hostile input and ends up in logs and on the CLI's
     * stderr, so line breaks, other control characters and invisible formatting characters (bidi overrides) become
     * '?', and it is cut at {@link #MAX_MESSAGE_CHARS}.
     */
    private static String oneLine(String message) {
        String m = message == null ? "" : message;
        boolean cut = m.length() > MAX_MESSAGE_CHARS;
        if (cut) {
            int end = MAX_MESSAGE_CHARS;
            if (Character.isHighSurrogate(m.charAt(end - 1))) {
                end--;
            }
            m = m.substring(0, end);
        }
        StringBuilder sb = null;
        for (int i = 0; i < m.length(); i++) {
            int type = Character.getType(m.charAt(i));
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                if (sb == null) {
                    sb = new StringBuilder(m);
                }
                sb.setCharAt(i, '?');
            }
        }
        String line = sb == null ? m : sb.toString();
        return cut ? line + "..." : line;
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
