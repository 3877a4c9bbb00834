/**
 * The HTTP binding of OMA DM (OMA-TS-SyncML_HTTPBinding): one POST per DM message, the DM content types, the
 * {@code x-syncml-hmac} header, size limits, and the TLS facts (session, verified client certificates) that the
 * session layer needs to judge the Secure Transport. Nothing here decodes SyncML or makes a security decision.
 */
package io.trustdm.server.http;
