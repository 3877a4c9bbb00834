/**
 * The Device's side of message security: its account toward one DM Server (the CLCRED and SRVCRED of a DMAcc),
 * its nonces, and {@link io.trustdm.client.security.PolicyClientAuthenticator}, which takes every decision through
 * {@code io.trustdm.security.policy.MessageSecurityPolicy}.
 */
package io.trustdm.client.security;
