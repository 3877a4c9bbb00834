package io.trustdm.server.auth;

import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.policy.AccountSecurity;
import java.util.Objects;

/**
 * How one Device authenticates, and how the server authenticates toward it (OMA-TS-DM_Security §5.1; the server
 * side of DMAcc CLCRED and SRVCRED). Keys are DigestKeys (B64(H(name:password))), never clear passwords; the server
 * key MUST differ per Device so that no Device can impersonate the server to another.
 *
 * @param security            the scheme the account requires and whether it was provisioned with HTTPS
 * @param certificateRequired a TLS client certificate bound to the Device identity is required on every message
 * @param clientName          the Device's AAuthName (CLCRED), or {@code null} when only certificates are used
 * @param clientKey           the Device's digest key (CLCRED), or {@code null}
 * @param serverName          the server's AAuthName toward this Device (SRVCRED), or {@code null}
 * @param serverKey           the server's digest key toward this Device (SRVCRED), or {@code null}
 * @param serverScheme        how the server proves itself to this Device, independent of {@code security}'s scheme
 */
public record DeviceAccount(
        String deviceId,
        AccountSecurity security,
        boolean certificateRequired,
        String clientName,
        DigestKey clientKey,
        String serverName,
        DigestKey serverKey,
        ServerCredentialScheme serverScheme) {
    public DeviceAccount {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(serverScheme, "serverScheme");
        if (!certificateRequired && clientKey == null) {
            throw new IllegalArgumentException("device " + deviceId + " needs a client key or a client certificate");
        }
        if (serverScheme.needsServerKey() && (serverKey == null || serverName == null)) {
            throw new IllegalArgumentException(
                    "device " + deviceId + ": server scheme " + serverScheme + " needs a server name and key");
        }
    }

    /**
     * An account whose server side follows {@link ServerCredentialScheme#defaultFor} (the behaviour before the two
     * directions were split), falling back to the TLS server certificate when no server key exists.
     */
    public DeviceAccount(
            String deviceId,
            AccountSecurity security,
            boolean certificateRequired,
            String clientName,
            DigestKey clientKey,
            String serverName,
            DigestKey serverKey) {
        this(
                deviceId,
                security,
                certificateRequired,
                clientName,
                clientKey,
                serverName,
                serverKey,
                serverKey == null || serverName == null
                        ? ServerCredentialScheme.NONE
                        : ServerCredentialScheme.defaultFor(
                                security.requiredScheme(), certificateRequired && clientKey == null));
    }

    @Override
    public String toString() {
        return "DeviceAccount[" + deviceId + ", requires " + security.requiredScheme() + ", certificateRequired="
                + certificateRequired + ", client=" + clientName + ", server=" + serverName + " by " + serverScheme
                + ", keys=<hidden>]";
    }
}
