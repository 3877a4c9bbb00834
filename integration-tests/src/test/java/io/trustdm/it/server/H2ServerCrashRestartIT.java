package io.trustdm.it.server;

/** Kill -9 and restart of a DM server process on H2. */
class H2ServerCrashRestartIT extends ServerCrashRestartSuite {
    H2ServerCrashRestartIT() {
        super(Storage.H2);
    }
}
