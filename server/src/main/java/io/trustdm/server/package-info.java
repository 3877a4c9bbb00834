/**
 * The DM Server. {@code http} binds DM to HTTP(S) on Jetty; sessions, device authentication, the registry, jobs,
 * storage and the REST API live in sibling packages. Every security decision goes through
 * {@code io.trustdm.security}'s {@code MessageSecurityPolicy}.
 */
package io.trustdm.server;
