package io.trustdm.server.bootstrap;

/** The two bootstrap content formats of OMA-TS-DM_Bootstrap. */
public enum BootstrapProfile {
    /** A WBXML DM package that adds {@code ./DMAcc/<x>} (application/vnd.syncml.dm+wbxml). */
    PLAIN("application/vnd.syncml.dm+wbxml"),
    /** A WAP provisioning document with the w7 APPLICATION characteristic (application/vnd.wap.connectivity-wbxml). */
    CP("application/vnd.wap.connectivity-wbxml");

    private final String mediaType;

    BootstrapProfile(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
