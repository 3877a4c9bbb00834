package io.trustdm.tree.mo;

/** DMAcc {@code AAuthLevel} (StdObj §7.1.3.1): which layer and direction a set of credentials is for. */
public enum AuthLevel {
    /** Credentials the client uses to authenticate itself to the server (DM level). */
    CLCRED,
    /** Credentials the server uses to authenticate itself to the client (DM level, also the notification digest). */
    SRVCRED,
    /** Credentials for OBEX-level authentication. */
    OBEX,
    /** Credentials for HTTP (or WSP) authentication. */
    HTTP;

    /** True when credentials of this level may be of {@code type} (OBEX and HTTP allow only HTTP-level types). */
    public boolean allows(AuthType type) {
        return switch (this) {
            case CLCRED, SRVCRED -> true;
            case OBEX, HTTP ->
                type == AuthType.HTTP_BASIC || type == AuthType.HTTP_DIGEST || type == AuthType.TRANSPORT;
        };
    }
}
