/**
 * The digest that authenticates a server-alerted session trigger (General Package #0, OMA DM Notification 1.2
 * §6.2.2.2), with the nonce resynchronisation fallback. The bit-level Package #0 layout belongs to the protocol
 * codec; this package only signs and checks the octets after the digest.
 */
package io.trustdm.security.notification;
