package io.trustdm.protocol.message;

/** The alert codes valid in DM (OMA-TS-DM_RepPro §4.2). DM codes start at 1100. */
public final class AlertCode {
    public static final int DISPLAY = 1100;
    public static final int CONFIRM_OR_REJECT = 1101;
    public static final int TEXT_INPUT = 1102;
    public static final int SINGLE_CHOICE = 1103;
    public static final int MULTIPLE_CHOICE = 1104;
    public static final int SERVER_INITIATED_MGMT = 1200;
    public static final int CLIENT_INITIATED_MGMT = 1201;
    public static final int NEXT_MESSAGE = 1222;
    public static final int SESSION_ABORT = 1223;
    public static final int CLIENT_EVENT = 1224;
    public static final int NO_END_OF_DATA = 1225;
    public static final int GENERIC_ALERT = 1226;

    private AlertCode() {}

    /** True for the user-interaction alerts 1100–1104. */
    public static boolean isUserInteraction(int code) {
        return code >= DISPLAY && code <= MULTIPLE_CHOICE;
    }

    /** True for the codes this version of DM defines. */
    public static boolean isKnown(int code) {
        return isUserInteraction(code)
                || code == SERVER_INITIATED_MGMT
                || code == CLIENT_INITIATED_MGMT
                || (code >= NEXT_MESSAGE && code <= GENERIC_ALERT);
    }
}
