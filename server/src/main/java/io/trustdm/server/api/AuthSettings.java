package io.trustdm.server.api;

/**
 * How a Device authenticates and how the server authenticates toward it, without any secret: only whether each
 * secret is set.
 */
public record AuthSettings(
        String authScheme,
        boolean httpsProvisioned,
        boolean certificateRequired,
        String username,
        boolean clientSecretSet,
        String serverUsername,
        boolean serverSecretSet,
        String serverAuth) {}
