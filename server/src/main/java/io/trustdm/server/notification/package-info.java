/**
 * Waking a Device (server-initiated sessions): the signed General Package #0 in a WSP Push PDU, sent over WDP/UDP
 * (or through a Push Proxy Gateway), and the bookkeeping of whether the Device answered with Alert 1200 and the
 * trigger's SessionID.
 */
package io.trustdm.server.notification;
