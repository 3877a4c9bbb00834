package io.trustdm.cli.admin;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.api.InvalidInputException;
import io.trustdm.server.api.NewDevice;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code POST /devices} built from the operator's words: {@code --auth basic|md5|hmac} needs the device's
 * username and password; {@code cert} means a TLS client certificate whose CN is the device identity, with no password
 * needed. A server password makes the device wakeable; the server's name toward the device is its ServerID. Checked
 * with the server's own rules ({@link NewDevice}) before it is sent.
 */
final class DeviceRequest {
    private DeviceRequest() {}

    static Map<String, Object> body(
            String devId, String auth, String username, String password, String serverId, String serverPassword) {
        return body(devId, auth, username, password, serverId, serverPassword, null);
    }

    /**
     * As above, with {@code serverAuth} ({@code md5}, {@code hmac} or {@code none}; {@code null} for the server's
     * default) choosing how the server proves itself to the device, independently of {@code auth}.
     */
    static Map<String, Object> body(
            String devId,
            String auth,
            String username,
            String password,
            String serverId,
            String serverPassword,
            String serverAuth) {
        String a = auth == null || auth.isBlank() ? "md5" : auth.strip().toLowerCase(Locale.ROOT);
        boolean cert = a.equals("cert");
        AuthScheme scheme = switch (a) {
            case "basic" -> AuthScheme.BASIC;
            case "md5", "cert" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            default -> throw AdminFailure.usage("auth must be basic, md5, hmac or cert, not " + auth);
        };
        String user = blankToNull(username);
        String pass = blankToNull(password);
        String serverPass = blankToNull(serverPassword);
        if (!cert && (user == null || pass == null)) {
            throw AdminFailure.usage(a + " needs a username and a password (or use auth cert)");
        }
        try {
            new NewDevice(
                    devId,
                    scheme,
                    user,
                    pass,
                    serverPass == null ? null : serverId,
                    serverPass,
                    cert,
                    blankToNull(serverAuth)); // the server's checks, here, so a bad row is a local error
        } catch (InvalidInputException e) {
            throw AdminFailure.usage(e.getMessage());
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("deviceId", devId);
        b.put("authScheme", scheme.name());
        if (user != null) {
            b.put("username", user);
            b.put("password", pass);
        }
        if (serverPass != null) {
            b.put("serverUsername", serverId);
            b.put("serverPassword", serverPass);
        }
        b.put("certificateRequired", cert);
        if (blankToNull(serverAuth) != null) {
            b.put("serverAuth", serverAuth.strip().toLowerCase(Locale.ROOT));
        }
        return b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
