package io.trustdm.security.transport;

/** The kinds of channel DM messages, bootstraps and notifications travel over in TrustDM. */
public enum ChannelKind {
    HTTPS("HTTPS"),
    HTTP("HTTP"),
    OBEX_TCP("OBEX over TCP"),
    OBEX_TLS("OBEX over TLS"),
    WAP_PUSH_SMS("WAP Push over SMS"),
    WDP_UDP("WDP over UDP"),
    SMARTCARD("Smartcard"),
    FACTORY_FILE("Factory file");

    private final String displayName;

    ChannelKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
