package io.trustdm.security.policy;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.security.auth.AuthScheme;

/**
 * How far the peer has authenticated in the current session, as seen by this side, for one direction. The policy is
 * stateless; the caller keeps one of these per session and advances it with {@link #after(SecurityDecision)}.
 *
 * @param challenged            the scheme this side last asked the peer for (its next message must use it);
 *                              {@code null} when none is pending
 * @param established           the DM-level scheme the peer authenticated with in this session; the type of a layer
 *                              must not change afterwards
 * @param sessionAuthenticated  this side answered 212: no further authentication is needed in the session
 * @param failures              consecutive failed attempts (401s) since the last success
 */
public record SessionSecurityState(
        AuthScheme challenged, AuthScheme established, boolean sessionAuthenticated, int failures) {

    public static SessionSecurityState initial() {
        return new SessionSecurityState(null, null, false, 0);
    }

    /** The state after this side acted on {@code decision} for a received message. */
    public SessionSecurityState after(SecurityDecision decision) {
        switch (decision.verdict()) {
            case ACCEPT: {
                AuthScheme s = decision.scheme();
                AuthScheme dmLevel = s != null && s.isSupported() ? s : established;
                boolean is212 = decision.dmStatus().isPresent()
                        && decision.dmStatus().getAsInt() == StatusCode.AUTHENTICATION_ACCEPTED;
                AuthScheme next = is212 || s == null || !s.isSupported() ? null : s;
                return new SessionSecurityState(next, dmLevel, sessionAuthenticated || is212, 0);
            }
            case CHALLENGE: {
                // A first 407 (nothing was sent yet) is not a failed attempt; a 401 is.
                boolean failed =
                        decision.dmStatus().isPresent() && decision.dmStatus().getAsInt() == StatusCode.UNAUTHORIZED;
                return new SessionSecurityState(
                        decision.challenge() == null
                                ? challenged
                                : decision.challenge().scheme(),
                        established,
                        sessionAuthenticated,
                        failed ? failures + 1 : failures);
            }
            default:
                return this;
        }
    }
}
