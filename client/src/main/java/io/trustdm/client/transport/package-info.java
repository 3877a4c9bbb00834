/**
 * How the device agent reaches a DM Server: the {@link io.trustdm.client.transport.DmTransport} SPI, its HTTP(S)
 * implementation on the JDK's {@code HttpClient}, and the DM OBEX binding over TCP or TLS
 * ({@link io.trustdm.client.transport.ObexDmTransport}). A transport reports the TLS facts of each exchange so the session
 * can judge whether it ran over a Secure Transport; it never decides that itself.
 */
package io.trustdm.client.transport;
