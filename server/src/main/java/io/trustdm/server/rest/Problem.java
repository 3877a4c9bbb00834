package io.trustdm.server.rest;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}): a stable {@code type} URI per kind of error, a short
 * {@code title}, the HTTP {@code status}, and a {@code detail} for this occurrence. Details never carry secrets.
 */
public record Problem(String type, String title, int status, String detail) {
    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String BASE = "https://trustdm.io/problems/";

    /** The problem for an HTTP status, with this occurrence's detail. */
    public static Problem of(int status, String detail) {
        String[] kind = switch (status) {
            case 400 -> new String[] {"invalid-request", "The request is invalid"};
            case 401 -> new String[] {"unauthorized", "A valid bearer token is required"};
            case 404 -> new String[] {"not-found", "No such resource"};
            case 405 -> new String[] {"method-not-allowed", "Method not allowed on this resource"};
            case 409 -> new String[] {"conflict", "The request conflicts with the current state"};
            case 413 -> new String[] {"payload-too-large", "The request body is too large"};
            case 415 -> new String[] {"unsupported-media-type", "The request body must be application/json"};
            case 502 -> new String[] {"delivery-failed", "The server could not reach the device's channel"};
            default -> new String[] {"internal-error", "Internal server error"};
        };
        return new Problem(BASE + kind[0], kind[1], status, detail);
    }
}
