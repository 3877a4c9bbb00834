package io.trustdm.it.server;

/** The end-to-end suite on the server's Postgres storage. */
class PostgresServerEndToEndIT extends ServerEndToEndSuite {
    PostgresServerEndToEndIT() {
        super(Storage.POSTGRESQL);
    }
}
