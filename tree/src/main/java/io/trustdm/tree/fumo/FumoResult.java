package io.trustdm.tree.fumo;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Source;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an asynchronous FUMO operation: what the device must report to the server in a Generic Alert
 * (1226, protocol.md §2.10 and §4.7) — the result code as Data (Format {@code int}), the FUMO instance {@code <x>} as
 * Source, the alert type, and the Exec's Correlator when it had one.
 *
 * @param resultCode FUMO result code (200 success, 250–299 vendor success, errors otherwise)
 * @param sourceUri  the FUMO instance, e.g. {@code ./FUMO/pkg1}
 * @param alertType  the Generic Alert Meta/Type
 * @param correlator the correlator of the Exec, or {@code null}
 * @param operation  which Exec this answers
 * @param state      the State the instance ended in
 */
public record FumoResult(
        int resultCode,
        String sourceUri,
        String alertType,
        String correlator,
        FumoOperation operation,
        FumoState state) {

    /** Successful operation. */
    public static final int SUCCESSFUL = 200;
    /** Client error. */
    public static final int CLIENT_ERROR = 400;
    /** User cancelled. */
    public static final int USER_CANCELLED = 401;
    /** Corrupted firmware update package. */
    public static final int CORRUPTED_PACKAGE = 402;
    /** Firmware update package and device mismatch. */
    public static final int PACKAGE_MISMATCH = 403;
    /** Failed firmware update package validation (signature). */
    public static final int VALIDATION_FAILED = 404;
    /** Firmware update package not acceptable. */
    public static final int PACKAGE_NOT_ACCEPTABLE = 405;
    /** Undefined error. */
    public static final int UNDEFINED_ERROR = 409;
    /** Firmware update failed. */
    public static final int UPDATE_FAILED = 410;
    /** Download failed: network error. */
    public static final int DOWNLOAD_FAILED_NETWORK = 503;

    public FumoResult {
        Objects.requireNonNull(sourceUri, "sourceUri");
        Objects.requireNonNull(alertType, "alertType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
    }

    /** True for 200 and the vendor success range 250–299. */
    public boolean isSuccess() {
        return isSuccess(resultCode);
    }

    static boolean isSuccess(int code) {
        return code == SUCCESSFUL || (code >= 250 && code <= 299);
    }

    /**
     * The Meta/Mark: failures are reported as {@code critical} (FUMO: a failure uses a mark other than the default
     * {@code informational}); successes carry no Mark.
     */
    public String mark() {
        return isSuccess() ? null : "critical";
    }

    /** The Generic Alert reporting this result. */
    public Alert toGenericAlert(String cmdId) {
        Meta meta = Meta.builder().type(alertType).format("int").mark(mark()).build();
        Item item = new Item(null, Source.of(sourceUri), meta, ItemData.text(Integer.toString(resultCode)), false);
        return new Alert(cmdId, false, null, Integer.toString(AlertCode.GENERIC_ALERT), correlator, List.of(item));
    }
}
