package io.trustdm.client.bootstrap;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The DM account a bootstrap provisioned: who the DM Server is, where it is, and the credentials and nonces in both
 * directions. {@code dmAccLeaves} holds every leaf below {@code ./DMAcc/<accountNode>} as the document gave it, for
 * the management tree. Secrets never appear in {@link #toString()}.
 */
public record BootstrappedAccount(
        String serverId,
        String accountNode,
        URI serverAddress,
        AuthScheme clientScheme,
        Credentials client,
        Credentials server,
        Nonce clientNonce,
        Nonce serverNonce,
        Map<String, Object> dmAccLeaves) {
    public BootstrappedAccount {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverAddress, "serverAddress");
        dmAccLeaves = Map.copyOf(dmAccLeaves);
    }

    /**
     * The scheme provisioned for the server's credential toward the Device: the AAuthType of the SRVCRED entry
     * ({@link AuthScheme#TRANSPORT} when the TLS server certificate alone authenticates it), or the client scheme when
     * no SRVCRED entry names a type (accounts written before the two directions were split).
     */
    public AuthScheme serverScheme() {
        for (int i = 1; i <= 8; i++) {
            String base = "AppAuth/" + i + "/";
            if ("SRVCRED".equals(dmAccLeaves.get(base + "AAuthLevel"))
                    && dmAccLeaves.get(base + "AAuthType") instanceof String type) {
                return AuthScheme.fromAAuthType(type).orElse(clientScheme);
            }
        }
        return clientScheme;
    }

    @Override
    public String toString() {
        return "BootstrappedAccount[" + serverId + " at " + serverAddress + ", ./DMAcc/" + accountNode + ", scheme "
                + clientScheme + ", secrets=<hidden>]";
    }
}
