/**
 * The Device's push receiver: WSP Push PDUs from WDP/UDP or raw SMS user data, Package #0 digest verification with
 * the account's SRVCRED and ServerNonce (with the resynchronisation nonce as fallback), duplicate and rate limits,
 * and the start of a server-initiated session. Forged, malformed and unknown-server triggers are dropped silently
 * (one log line each): a Device never answers a trigger it cannot verify.
 */
package io.trustdm.client.notification;
