package io.trustdm.cli.admin;

/**
 * Why an admin command stopped, already worded as the one line the operator sees. {@link #exitCode()} is 2 for
 * something to fix on this side (arguments, local files) and 1 for what the server or the network answered;
 * {@link #httpStatus()} is the HTTP status of a server refusal, 0 otherwise.
 */
public final class AdminFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit code for usage and local problems. */
    public static final int USAGE = 2;

    /** Exit code for server and network problems. */
    public static final int REMOTE = 1;

    private final int exitCode;
    private final int httpStatus;

    private AdminFailure(String message, int exitCode, int httpStatus, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** Something the operator must change in the command line or local files. */
    public static AdminFailure usage(String message) {
        return new AdminFailure(message, USAGE, 0, null);
    }

    /** The server could not be reached or talked to. */
    public static AdminFailure unreachable(String message, Throwable cause) {
        return new AdminFailure(message, REMOTE, 0, cause);
    }

    /** The server answered with an error status; the message is {@code error: STATUS detail}. */
    public static AdminFailure refused(int httpStatus, String detail) {
        return new AdminFailure("error: " + httpStatus + " " + detail, REMOTE, httpStatus, null);
    }

    /** Something went wrong remotely without an HTTP error (a job that did not finish in time). */
    public static AdminFailure remote(String message) {
        return new AdminFailure(message, REMOTE, 0, null);
    }

    public int exitCode() {
        return exitCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
