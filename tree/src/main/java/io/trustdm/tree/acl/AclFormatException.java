package io.trustdm.tree.acl;

import io.trustdm.protocol.message.StatusCode;

/**
 * An ACL string that does not follow the grammar of OMA DM TND §8.3.7.1. A Replace of {@code ?prop=ACL} carrying one
 * is answered with {@link #status()} (400 Bad request).
 */
public final class AclFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int position;

    public AclFormatException(String message, int position) {
        super(message + " (at character " + position + ")");
        this.position = position;
    }

    /** Index in the ACL text where the problem was found. */
    public int position() {
        return position;
    }

    /** The DM status for a malformed ACL value. */
    public int status() {
        return StatusCode.BAD_REQUEST;
    }
}
