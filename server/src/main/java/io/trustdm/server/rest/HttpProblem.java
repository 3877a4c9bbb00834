package io.trustdm.server.rest;

/** A request refused at the HTTP layer (auth, media type, size, routing, malformed JSON): becomes a {@link Problem}. */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProblem(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
