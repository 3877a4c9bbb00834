/**
 * The DM OBEX binding on the server: an OBEX over TCP or OBEX over TLS listener that hands every DM message to the
 * same {@link io.trustdm.server.http.DmExchangeHandler} (the session engine) as the HTTPS endpoint, with the
 * transport facts taken from the connection, and that delivers bootstraps through the
 * {@link io.trustdm.server.bootstrap.BootstrapService} only when its policy accepts the channel.
 */
package io.trustdm.server.obex;
