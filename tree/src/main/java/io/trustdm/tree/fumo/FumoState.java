package io.trustdm.tree.fumo;

import java.util.Optional;

/** The values of a FUMO {@code State} node (FUMO 1.0 §10.1; protocol.md §4.7). */
public enum FumoState {
    IDLE(10),
    DOWNLOAD_FAILED(20),
    DOWNLOAD_PROGRESSING(30),
    DOWNLOAD_COMPLETE(40),
    READY_TO_UPDATE(50),
    UPDATE_PROGRESSING(60),
    UPDATE_FAILED_HAVE_DATA(70),
    UPDATE_FAILED_NO_DATA(80),
    UPDATE_SUCCESSFUL_HAVE_DATA(90),
    UPDATE_SUCCESSFUL_NO_DATA(100);

    private final int code;

    FumoState(int code) {
        this.code = code;
    }

    /** The integer stored in the State node. */
    public int code() {
        return code;
    }

    /** True while a download or an update runs; no other operation may start then. */
    public boolean isBusy() {
        return this == DOWNLOAD_PROGRESSING || this == UPDATE_PROGRESSING;
    }

    /** True when a downloaded package is waiting to be installed. */
    public boolean hasDownloadedPackage() {
        return this == DOWNLOAD_COMPLETE || this == READY_TO_UPDATE || this == UPDATE_FAILED_HAVE_DATA;
    }

    public static Optional<FumoState> byCode(int code) {
        for (FumoState s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
