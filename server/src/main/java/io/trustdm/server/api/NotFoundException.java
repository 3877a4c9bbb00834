package io.trustdm.server.api;

/** Something named in the request does not exist (unknown Device or job). */
public final class NotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
