package io.trustdm.protocol.provisioning;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.StatusCode;

/**
 * A provisioning document that cannot be decoded or that breaks a rule of the PROV vocabulary or of the w7 mapping.
 * It says where (a byte offset in WBXML, a line and column in XML, or nothing for a rule about content) and which
 * status the receiver should report: 400 malformed, 413 beyond a limit, 415 not a PROV 1.0 document. Messages never
 * contain attribute values, so a secret in a broken document cannot leak through a log of the error.
 */
public final class ProvisioningFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final int line;
    private final int column;

    private ProvisioningFormatException(
            String message, String location, long offset, int line, int column, int status, Throwable cause) {
        super(message, location, status, cause);
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** A problem at a byte offset of a WBXML document. */
    public static ProvisioningFormatException atByte(String message, long offset, int status) {
        return new ProvisioningFormatException(message, "byte " + offset, offset, -1, -1, status, null);
    }

    /** A problem at a position of an XML document; line and column are 1-based, or -1 when unknown. */
    public static ProvisioningFormatException atLine(
            String message, int line, int column, int status, Throwable cause) {
        return new ProvisioningFormatException(
                message, line < 0 ? "" : "line " + line + ", column " + column, -1, line, column, status, cause);
    }

    /** A rule about the content (for example of the w7 characteristic), not tied to a position. */
    public static ProvisioningFormatException content(String message) {
        return new ProvisioningFormatException(message, "", -1, -1, -1, StatusCode.BAD_REQUEST, null);
    }

    /** Byte offset in the WBXML input, or -1. */
    public long offset() {
        return offset;
    }

    /** 1-based line in the XML input, or -1. */
    public int line() {
        return line;
    }

    /** 1-based column in the XML input, or -1. */
    public int column() {
        return column;
    }
}
