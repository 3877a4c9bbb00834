package io.trustdm.client.security;

import io.trustdm.security.auth.Credentials;
import io.trustdm.security.policy.AccountSecurity;
import java.util.Objects;

/**
 * The Device's credentials toward one DM Server: its own (CLCRED) and the server's (SRVCRED), from
 * {@code ./DMAcc/<x>/AppAuth}. Either may be absent when the transport authenticates that side.
 */
public record ClientAccount(
        String serverId, AccountSecurity security, Credentials clientCredentials, Credentials serverCredentials) {
    public ClientAccount {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(security, "security");
    }
}
