package io.trustdm.client.security;

import io.trustdm.security.auth.Nonce;

/**
 * Where the Device keeps the nonces of one account (AAuthData of CLCRED and SRVCRED). Implementations persist them.
 */
public interface NonceStore {
    /** The nonce the server issued to the Device (for the Device's Cred or HMAC), or {@code null}. */
    Nonce clientNonce();

    /** The nonce the Device issued to the server (for the server's Cred or HMAC), or {@code null}. */
    Nonce serverNonce();

    void storeClientNonce(Nonce nonce);

    void storeServerNonce(Nonce nonce);

    /** A store held in memory, starting from the given nonces. */
    static NonceStore inMemory(Nonce client, Nonce server) {
        return new NonceStore() {
            private Nonce c = client;
            private Nonce s = server;

            @Override
            public synchronized Nonce clientNonce() {
                return c;
            }

            @Override
            public synchronized Nonce serverNonce() {
                return s;
            }

            @Override
            public synchronized void storeClientNonce(Nonce nonce) {
                c = nonce;
            }

            @Override
            public synchronized void storeServerNonce(Nonce nonce) {
                s = nonce;
            }
        };
    }
}
