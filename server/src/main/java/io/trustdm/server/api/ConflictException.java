package io.trustdm.server.api;

/** The request clashes with the current state (Device already registered, Device cannot be woken now). */
public final class ConflictException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
