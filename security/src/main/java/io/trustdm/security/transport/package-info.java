/**
 * What a concrete channel gives: authentication of the server, authentication of the client, integrity and
 * confidentiality ({@link io.trustdm.security.transport.TransportSecurity}). Transport adapters declare it for their
 * channel or derive it from the live connection (an {@link javax.net.ssl.SSLSession}); the policies in
 * {@code io.trustdm.security.policy} read nothing else about the transport.
 */
package io.trustdm.security.transport;
