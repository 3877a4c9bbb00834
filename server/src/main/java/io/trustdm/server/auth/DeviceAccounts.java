package io.trustdm.server.auth;

import io.trustdm.security.auth.Nonce;
import java.util.Optional;

/**
 * Device accounts and their nonces. Nonces are stored, never only kept in memory, so that any server node can
 * continue a Device's authentication after a restart.
 */
public interface DeviceAccounts {
    Optional<DeviceAccount> account(String deviceId);

    /** The nonce the server last issued to the Device (ClientNonce), or {@code null}. */
    Nonce clientNonce(String deviceId);

    /** The nonce the Device last issued to the server (ServerNonce), or {@code null}. */
    Nonce serverNonce(String deviceId);

    void storeClientNonce(String deviceId, Nonce nonce);

    void storeServerNonce(String deviceId, Nonce nonce);
}
