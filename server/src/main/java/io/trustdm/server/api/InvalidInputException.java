package io.trustdm.server.api;

/** The request is well-formed JSON but its content is invalid (unknown operation, missing target, bad scheme). */
public final class InvalidInputException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
