package io.trustdm.server.rest;

/**
 * What a route answers: an HTTP status and a value to write as JSON ({@code null} for no body; a {@code byte[]} is
 * already a JSON document; a {@link Download} is written as it is, as an attachment).
 */
record Reply(int status, Object body) {
    /** A file the client saves rather than displays, e.g. a smartcard image. */
    record Download(String contentType, String filename, byte[] bytes) {
        Download {
            bytes = bytes.clone();
        }
    }

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply created(Object body) {
        return new Reply(201, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }
}
