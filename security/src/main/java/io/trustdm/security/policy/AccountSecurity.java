package io.trustdm.security.policy;

import io.trustdm.security.auth.AuthScheme;
import java.util.Objects;

/**
 * What one DM account (one server on a device, one device on a server) was provisioned to require. The policies use it
 * to refuse downgrades: a weaker DM-level scheme than provisioned, or leaving HTTPS for plain HTTP.
 *
 * @param accountId        the ServerID or device identifier, for audit events
 * @param requiredScheme   the weakest DM-level scheme accepted: {@code BASIC}, {@code MD5} or {@code HMAC}
 * @param httpsProvisioned the account's server address is an {@code https} URL, so every message of it travels over a
 *                         channel with transport authentication and integrity
 * @param maxAuthRetries   challenges after a failure before the session ends (2 means three attempts in all)
 */
public record AccountSecurity(
        String accountId, AuthScheme requiredScheme, boolean httpsProvisioned, int maxAuthRetries) {
    /** Retries per direction and session before giving up. */
    public static final int DEFAULT_MAX_AUTH_RETRIES = 2;

    public AccountSecurity {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(requiredScheme, "requiredScheme");
        if (!requiredScheme.isSupported()) {
            throw new IllegalArgumentException("required scheme must be BASIC, MD5 or HMAC, not " + requiredScheme);
        }
        if (maxAuthRetries < 0) {
            throw new IllegalArgumentException("maxAuthRetries < 0");
        }
    }

    public static AccountSecurity of(String accountId, AuthScheme requiredScheme, boolean httpsProvisioned) {
        return new AccountSecurity(accountId, requiredScheme, httpsProvisioned, DEFAULT_MAX_AUTH_RETRIES);
    }
}
