/**
 * The General Package #0 of OMA DM Notification 1.2: the bit-packed trigger a DM Server sends (usually by WAP Push)
 * to make a Device start a server-initiated Management Session. This package only reads and writes the bytes; the
 * digest that authenticates a trigger is computed and verified by {@code io.trustdm.security}.
 */
package io.trustdm.protocol.notification;
