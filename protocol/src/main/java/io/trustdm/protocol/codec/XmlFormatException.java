package io.trustdm.protocol.codec;

/** Broken XML input; line and column are 1-based, or -1 when the parser could not tell. */
public final class XmlFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public XmlFormatException(String message, int line, int column, int status, Throwable cause) {
        super(message, line < 0 ? "" : "line " + line + ", column " + column, status, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
