package io.trustdm.server.api;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.auth.ServerCredentialScheme;
import java.util.Locale;

/**
 * A Device to register: its identity and the credentials of both directions (DM Security §5.1: the Device's CLCRED
 * and the server's SRVCRED toward it). Passwords are only ever turned into digest keys; {@link #toString()} never
 * shows them.
 *
 * @param deviceId            the DevId, e.g. {@code IMEI:356938035643809}
 * @param authScheme          the weakest DM-level scheme accepted from the Device: BASIC, MD5 or HMAC
 * @param username            the Device's AAuthName; may be {@code null} only with {@code certificateRequired}
 * @param password            the Device's AAuthSecret; may be {@code null} only with {@code certificateRequired}
 * @param serverUsername      the server's AAuthName toward this Device, or {@code null} (then it cannot be woken)
 * @param serverPassword      the server's AAuthSecret toward this Device, or {@code null}
 * @param certificateRequired a TLS client certificate whose CN is the Device identity is required on every message
 * @param serverAuth          how the server proves itself to the Device, independent of {@code authScheme}:
 *                            {@code md5}, {@code hmac} or {@code none} (the TLS server certificate only); {@code null}
 *                            keeps the behaviour of {@link ServerCredentialScheme#defaultFor}
 */
public record NewDevice(
        String deviceId,
        AuthScheme authScheme,
        String username,
        String password,
        String serverUsername,
        String serverPassword,
        boolean certificateRequired,
        String serverAuth) {
    public NewDevice {
        if (deviceId == null || deviceId.isBlank()) {
            throw new InvalidInputException("deviceId is required");
        }
        if (deviceId.length() > 128 || deviceId.chars().anyMatch(c -> c < 0x21 || c == '/' || c > 0x7E)) {
            throw new InvalidInputException("deviceId must be 1-128 printable ASCII characters without '/' or spaces");
        }
        if (authScheme == null) {
            authScheme = AuthScheme.MD5;
        }
        if (!authScheme.isSupported()) {
            throw new InvalidInputException("authScheme must be BASIC, MD5 or HMAC");
        }
        if ((username == null) != (password == null)) {
            throw new InvalidInputException("username and password go together");
        }
        if (username == null && !certificateRequired) {
            throw new InvalidInputException("a device needs a username and password, or certificateRequired");
        }
        if (password != null && password.isEmpty()) {
            throw new InvalidInputException("password must not be empty");
        }
        if ((serverUsername == null) != (serverPassword == null)) {
            throw new InvalidInputException("serverUsername and serverPassword go together");
        }
        if (serverPassword != null && serverPassword.isEmpty()) {
            throw new InvalidInputException("serverPassword must not be empty");
        }
        if (serverAuth != null) {
            ServerCredentialScheme chosen;
            try {
                chosen = ServerCredentialScheme.parse(serverAuth);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("serverAuth must be md5, hmac or none");
            }
            if (chosen.needsServerKey() && serverUsername == null) {
                throw new InvalidInputException(
                        "serverAuth " + serverAuth + " needs serverUsername and serverPassword");
            }
            serverAuth = chosen.name().toLowerCase(Locale.ROOT);
        }
    }

    /** A Device whose server credential follows the default for its scheme (see {@link #serverScheme()}). */
    public NewDevice(
            String deviceId,
            AuthScheme authScheme,
            String username,
            String password,
            String serverUsername,
            String serverPassword,
            boolean certificateRequired) {
        this(deviceId, authScheme, username, password, serverUsername, serverPassword, certificateRequired, null);
    }

    /**
     * The server scheme to provision: the explicit {@code serverAuth}, or the behaviour before the directions were
     * split (TLS server certificate only when no server credentials are given).
     */
    public ServerCredentialScheme serverScheme() {
        if (serverAuth != null) {
            return ServerCredentialScheme.parse(serverAuth);
        }
        if (serverUsername == null) {
            return ServerCredentialScheme.NONE;
        }
        return ServerCredentialScheme.defaultFor(authScheme, certificateRequired && username == null);
    }

    @Override
    public String toString() {
        return "NewDevice[" + deviceId + ", " + authScheme + ", username=" + username + ", serverUsername="
                + serverUsername + ", certificateRequired=" + certificateRequired + ", serverAuth=" + serverAuth + "]";
    }
}
