package io.trustdm.client.security;

import io.trustdm.security.auth.Credentials;
import io.trustdm.security.policy.AccountSecurity;
import java.util.Objects;

/**
 * The Device's credentials toward one DM Server: its own (CLCRED) and the server's (SRVCRED), from
 * {@code ./DMAcc/<x>/AppAuth}. Either may be absent when the transport authenticates that side. The two directions
 * are independent: {@code security} is what the Device uses toward the server (CLCRED AAuthType / AAuthPref),
 * {@code serverSecurity} the weakest DM-level credential accepted from the server (SRVCRED AAuthType), so that a
 * server credential weaker than provisioned is refused whatever the Device itself uses.
 */
public record ClientAccount(
        String serverId,
        AccountSecurity security,
        Credentials clientCredentials,
        Credentials serverCredentials,
        AccountSecurity serverSecurity) {
    public ClientAccount {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(serverSecurity, "serverSecurity");
    }

    /** An account whose server side requires the same scheme as the Device's own (the behaviour before the split). */
    public ClientAccount(
            String serverId, AccountSecurity security, Credentials clientCredentials, Credentials serverCredentials) {
        this(serverId, security, clientCredentials, serverCredentials, security);
    }
}
