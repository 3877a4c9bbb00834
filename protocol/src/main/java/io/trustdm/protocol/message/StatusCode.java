package io.trustdm.protocol.message;

/**
 * SyncML status codes that DM uses (OMA-TS-DM_RepPro §4.1.6, SyncML RepPro §10), as named constants. A peer may send
 * any code; the model keeps the wire text and {@link Status#code()} parses it.
 */
public final class StatusCode {
    public static final int OK = 200;
    public static final int ACCEPTED_FOR_PROCESSING = 202;
    public static final int AUTHENTICATION_ACCEPTED = 212;
    public static final int CHUNKED_ITEM_ACCEPTED = 213;
    public static final int OPERATION_CANCELLED = 214;
    public static final int NOT_EXECUTED = 215;
    public static final int ATOMIC_ROLL_BACK_OK = 216;
    public static final int NOT_MODIFIED = 304;
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int COMMAND_NOT_ALLOWED = 405;
    public static final int OPTIONAL_FEATURE_NOT_SUPPORTED = 406;
    public static final int AUTHENTICATION_REQUIRED = 407;
    public static final int REQUEST_TIMEOUT = 408;
    public static final int INCOMPLETE_COMMAND = 412;
    public static final int REQUEST_ENTITY_TOO_LARGE = 413;
    public static final int URI_TOO_LONG = 414;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    public static final int REQUESTED_SIZE_TOO_BIG = 416;
    public static final int ALREADY_EXISTS = 418;
    public static final int DEVICE_FULL = 420;
    public static final int SIZE_MISMATCH = 424;
    public static final int PERMISSION_DENIED = 425;
    public static final int COMMAND_FAILED = 500;
    public static final int COMMAND_NOT_IMPLEMENTED = 501;
    public static final int SERVICE_UNAVAILABLE = 503;
    public static final int PROCESSING_ERROR = 506;
    public static final int ATOMIC_FAILED = 507;
    public static final int DATA_STORE_FAILURE = 510;
    public static final int ATOMIC_ROLL_BACK_FAILED = 516;
    public static final int ATOMIC_RESPONSE_TOO_LARGE = 517;

    private StatusCode() {}

    /** True for 2xx codes. */
    public static boolean isSuccess(int code) {
        return code >= 200 && code < 300;
    }

    /** A short reason phrase for logs and error messages. */
    public static String reason(int code) {
        return switch (code) {
            case OK -> "OK";
            case ACCEPTED_FOR_PROCESSING -> "Accepted for processing";
            case AUTHENTICATION_ACCEPTED -> "Authentication accepted";
            case CHUNKED_ITEM_ACCEPTED -> "Chunked item accepted and buffered";
            case OPERATION_CANCELLED -> "Operation cancelled";
            case NOT_EXECUTED -> "Not executed";
            case ATOMIC_ROLL_BACK_OK -> "Atomic roll back OK";
            case NOT_MODIFIED -> "Not modified";
            case BAD_REQUEST -> "Bad request";
            case UNAUTHORIZED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case COMMAND_NOT_ALLOWED -> "Command not allowed";
            case OPTIONAL_FEATURE_NOT_SUPPORTED -> "Optional feature not supported";
            case AUTHENTICATION_REQUIRED -> "Authentication required";
            case REQUEST_TIMEOUT -> "Request timeout";
            case INCOMPLETE_COMMAND -> "Incomplete command";
            case REQUEST_ENTITY_TOO_LARGE -> "Request entity too large";
            case URI_TOO_LONG -> "URI too long";
            case UNSUPPORTED_MEDIA_TYPE -> "Unsupported media type or format";
            case REQUESTED_SIZE_TOO_BIG -> "Requested size too big";
            case ALREADY_EXISTS -> "Already exists";
            case DEVICE_FULL -> "Device full";
            case SIZE_MISMATCH -> "Size mismatch";
            case PERMISSION_DENIED -> "Permission denied";
            case COMMAND_FAILED -> "Command failed";
            case COMMAND_NOT_IMPLEMENTED -> "Command not implemented";
            case SERVICE_UNAVAILABLE -> "Service unavailable";
            case PROCESSING_ERROR -> "Processing error";
            case ATOMIC_FAILED -> "Atomic failed";
            case DATA_STORE_FAILURE -> "Data store failure";
            case ATOMIC_ROLL_BACK_FAILED -> "Atomic roll back failed";
            case ATOMIC_RESPONSE_TOO_LARGE -> "Atomic response too large to fit";
            default -> "Status " + code;
        };
    }

    static int parseCode(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.strip();
        if (t.isEmpty() || t.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
