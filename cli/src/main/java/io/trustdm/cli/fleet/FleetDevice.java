package io.trustdm.cli.fleet;

import io.trustdm.security.auth.AuthScheme;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Who one simulated Device is: its DevId, the DM-level scheme it authenticates with, its CLCRED (username and
 * password), the server's SRVCRED secret toward it, and whether the server demands its TLS client certificate. The
 * secrets never appear in {@link #toString()}.
 */
public record FleetDevice(
        String deviceId,
        AuthScheme scheme,
        String username,
        String password,
        String serverPassword,
        boolean certificateRequired) {
    public FleetDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Device {@code index} of a generated fleet: DevId {@code IMEI:99<run, 6 digits><index, 7 digits>} (15 digits, so
     * a fleet holds at most 10,000,000 devices), 144-bit random secrets from {@code random}.
     */
    public static FleetDevice generate(int run, int index, AuthScheme scheme, boolean cert, SecureRandom random) {
        if (run < 0 || run > 999_999) {
            throw new IllegalArgumentException("run must have at most 6 digits: " + run);
        }
        if (index < 0 || index > 9_999_999) {
            throw new IllegalArgumentException("index must have at most 7 digits: " + index);
        }
        String id = String.format("IMEI:99%06d%07d", run, index);
        return new FleetDevice(
                id, scheme, String.format("fleet-%06d-%07d", run, index), secret(random), secret(random), cert);
    }

    private static String secret(SecureRandom random) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public String toString() {
        return "FleetDevice[" + deviceId + ", " + scheme + ", username=" + username + ", certificateRequired="
                + certificateRequired + "]";
    }
}
