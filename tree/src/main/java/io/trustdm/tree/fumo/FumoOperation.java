package io.trustdm.tree.fumo;

/** The three executable FUMO nodes. */
public enum FumoOperation {
    DOWNLOAD("Download", "download"),
    UPDATE("Update", "update"),
    DOWNLOAD_AND_UPDATE("DownloadAndUpdate", "downloadandupdate");

    private final String nodeName;
    private final String alertSuffix;

    FumoOperation(String nodeName, String alertSuffix) {
        this.nodeName = nodeName;
        this.alertSuffix = alertSuffix;
    }

    /** The node below {@code <x>} that is executed, e.g. {@code DownloadAndUpdate}. */
    public String nodeName() {
        return nodeName;
    }

    /** The last part of the alert type, e.g. {@code downloadandupdate}. */
    public String alertSuffix() {
        return alertSuffix;
    }
}
