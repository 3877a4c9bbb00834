package io.trustdm.server.api;

/**
 * A request the management layer refuses, with the HTTP status the REST binding answers. Sealed: the REST layer maps
 * each kind to one RFC 9457 problem type.
 */
public abstract sealed class ApiException extends RuntimeException
        permits NotFoundException, ConflictException, InvalidInputException {
    private static final long serialVersionUID = 1L;

    ApiException(String message) {
        super(message);
    }

    /** The HTTP status that tells the caller what went wrong. */
    public abstract int httpStatus();
}
