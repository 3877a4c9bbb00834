package io.trustdm.cli.fleet;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.pki.IssuedCertificate;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a fleet runs.
 *
 * @param server            the DM endpoint, {@code https://host:port/dm}
 * @param serverId          the server's ServerID (the account's ServerID and the SRVCRED name)
 * @param trustAnchors      the CAs the server's certificate chains to
 * @param encoding          XML or WBXML
 * @param concurrency       sessions in flight at once (one thread each)
 * @param duration          stop starting sessions after this long; {@code null} for no time limit
 * @param sessionsPerDevice stop each device after this many sessions (completed or failed, not overloaded); 0 for
 *                          no limit. At least one of the two limits must be set.
 * @param certificates      issues a device's TLS client certificate from its DevId (mutual TLS), or {@code null}
 * @param defaultRetryAfter the wait after an HTTP 503 without a usable Retry-After
 */
public record FleetSettings(
        URI server,
        String serverId,
        List<X509Certificate> trustAnchors,
        Encoding encoding,
        int concurrency,
        Duration duration,
        int sessionsPerDevice,
        Function<String, IssuedCertificate> certificates,
        Duration defaultRetryAfter) {
    public FleetSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverId, "serverId");
        trustAnchors = List.copyOf(trustAnchors);
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(defaultRetryAfter, "defaultRetryAfter");
        if (concurrency < 1) {
            throw new FleetInputException("concurrency must be at least 1");
        }
        if (sessionsPerDevice < 0) {
            throw new FleetInputException("sessions per device cannot be negative");
        }
        if (duration == null && sessionsPerDevice == 0) {
            throw new FleetInputException("give a duration or a number of sessions per device");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new FleetInputException("duration must be positive");
        }
    }
}
