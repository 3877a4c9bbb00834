/**
 * The device agent that device makers embed and the simulator runs: the {@code ManagementSession} engine
 * (packages 1 and 3), bootstrap sources, the notification receiver, and transports. Security choices go through
 * {@code io.trustdm.security}'s {@code MessageSecurityPolicy}; Management Trust is enforced by {@code io.trustdm.tree}.
 */
package io.trustdm.client;
