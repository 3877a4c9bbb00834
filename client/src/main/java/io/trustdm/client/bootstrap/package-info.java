/**
 * Receiving a bootstrap: sources that each declare the {@code TransportSecurity} of the channel they read from
 * (HTTPS with mutual TLS, OBEX over TLS or TCP, a smartcard, a factory file), and the {@link io.trustdm.client.bootstrap.BootstrapProcessor}
 * that refuses anything not delivered over a Secure Transport, checks SEC/MAC when present, and turns the Plain or CP
 * document into the DM account the Device will use.
 */
package io.trustdm.client.bootstrap;
