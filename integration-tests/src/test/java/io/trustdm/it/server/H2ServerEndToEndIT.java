package io.trustdm.it.server;

/** The end-to-end suite on the server's H2 storage. */
class H2ServerEndToEndIT extends ServerEndToEndSuite {
    H2ServerEndToEndIT() {
        super(Storage.H2);
    }
}
