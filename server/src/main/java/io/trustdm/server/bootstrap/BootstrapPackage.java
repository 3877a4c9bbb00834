package io.trustdm.server.bootstrap;

import io.trustdm.security.bootstrap.SecurityMethod;
import java.util.Objects;

/**
 * A bootstrap ready for delivery: the encoded document and, when transport-neutral security was applied on top,
 * the SEC method and the MAC over exactly these bytes (Content-Type parameters SEC and MAC).
 */
public record BootstrapPackage(
        String deviceId, BootstrapProfile profile, byte[] body, SecurityMethod sec, String macHex) {
    public BootstrapPackage {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(profile, "profile");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The Content-Type header value, with SEC and MAC parameters when present. */
    public String contentType() {
        if (sec == null) {
            return profile.mediaType();
        }
        return profile.mediaType() + "; SEC=" + sec.name() + "; MAC=" + macHex;
    }

    @Override
    public String toString() {
        return "BootstrapPackage[" + deviceId + ", " + profile + ", " + body.length + " bytes, SEC=" + sec + "]";
    }
}
