/**
 * The single decision points for message and bootstrap security. Client and server ask the same questions here, per
 * message and direction, and get a {@link io.trustdm.security.policy.SecurityDecision}: accept, challenge, terminate
 * or refuse, with the DM status to send, the challenge to attach and the obligations the caller must meet. Every
 * decision also produces a {@link io.trustdm.security.policy.SecurityAuditEvent} (no secrets in it).
 *
 * <p>The policies are stateless and never verify anything themselves: callers verify credentials and MACs with
 * {@code io.trustdm.security.auth} and describe the channel with {@code io.trustdm.security.transport}; the policy
 * turns those facts into the decision the change request and DM Security require.
 */
package io.trustdm.security.policy;
