package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;

/**
 * A tree operation that cannot be carried out, with the DM status the peer must be told. {@link ManagementTree}
 * turns these into {@link TreeResult}s, so callers of its command methods never see one; the value-level helpers
 * ({@link DmUri#parse}, {@link NodeFormat#validate}) throw them directly.
 */
public class TreeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String uri;

    public TreeException(int status, String message) {
        this(status, message, null);
    }

    public TreeException(int status, String message, String uri) {
        super(message);
        this.status = status;
        this.uri = uri;
    }

    /** The DM status code to answer with, e.g. 404 or 425. */
    public int status() {
        return status;
    }

    /** The URI of the node the failure is about, when it is not the command's target; otherwise {@code null}. */
    public String uri() {
        return uri;
    }

    @Override
    public String toString() {
        return "TreeException[" + status + " " + StatusCode.reason(status) + ": " + getMessage() + "]";
    }
}
