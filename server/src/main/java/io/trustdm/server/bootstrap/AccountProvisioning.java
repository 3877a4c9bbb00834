package io.trustdm.server.bootstrap;

import io.trustdm.security.auth.Nonce;
import io.trustdm.server.auth.DeviceAccount;

/** Where the bootstrap service registers the accounts it creates (the registry). */
@FunctionalInterface
public interface AccountProvisioning {
    void provision(DeviceAccount account, Nonce clientNonce, Nonce serverNonce);
}
