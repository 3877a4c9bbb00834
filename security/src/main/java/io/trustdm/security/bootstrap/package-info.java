/**
 * Transport-neutral security for bootstrap documents: the SEC/MAC Content-Type parameters (HMAC-SHA1 over the WBXML
 * document, keyed by the IMSI, a user PIN or both). Under the change request SEC/MAC MAY be added on top of a secure
 * transport but never replaces it; that rule lives in {@link io.trustdm.security.policy.BootstrapTransportPolicy}.
 */
package io.trustdm.security.bootstrap;
