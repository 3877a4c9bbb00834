/**
 * The DM OBEX binding end to end: our device and our server over OBEX/TLS (mutual TLS, development PKI) and OBEX/TCP
 * (x-syncml-hmac on every message), bootstrap over OBEX/TLS accepted and over OBEX/TCP refused.
 */
package io.trustdm.it.obex;
