package io.trustdm.security.pki;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first). {@link #toString()} never shows the key.
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
    public IssuedCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** An in-memory PKCS#12 key store holding this key under {@code alias}. */
    public KeyStore toKeyStore(String alias, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate[subject="
                + certificate().getSubjectX500Principal().getName() + ", key=<hidden>]";
    }
}
