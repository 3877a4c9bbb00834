package io.trustdm.it.server;

/** Kill -9 and restart of a DM server process on Postgres. */
class PostgresServerCrashRestartIT extends ServerCrashRestartSuite {
    PostgresServerCrashRestartIT() {
        super(Storage.POSTGRESQL);
    }
}
