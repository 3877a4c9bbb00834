package io.trustdm.client.session;

/** The server broke the session protocol (wrong SessionID, message after the end, failed authentication). */
public final class SessionException extends Exception {
    private static final long serialVersionUID = 1L;

    public SessionException(String message) {
        super(message);
    }
}
