/**
 * The client side of a Management Session (OMA-TS-DM_Protocol §2.3): Package 1 with the session alert and DevInfo,
 * then one reply per server message — Status for the server's SyncHdr and every command, Results for Gets, large
 * objects reassembled, multi-message packages driven by Alert 1222 — until the server's package holds nothing that
 * needs an answer. Command semantics live behind {@link io.trustdm.client.session.CommandProcessor} (the management
 * tree); authentication behind {@link io.trustdm.client.session.ClientAuthenticator}.
 */
package io.trustdm.client.session;
