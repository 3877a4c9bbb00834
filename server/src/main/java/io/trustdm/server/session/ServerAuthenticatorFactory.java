package io.trustdm.server.session;

import io.trustdm.server.http.DmHttpRequest;

/** Creates the authenticator of a new session for a registered Device. */
@FunctionalInterface
public interface ServerAuthenticatorFactory {
    ServerAuthenticator forSession(String deviceId, String sessionId, DmHttpRequest firstMessage);
}
