package io.trustdm.server.config;

import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Loads the operator's TLS material named by the configuration: the server identity from PEM files or a PKCS#12 key
 * store, and the CAs trusted for Device certificates. Failures become {@link ConfigException}s that name the key and
 * the file but never a password.
 */
public final class OperatorTls {
    private OperatorTls() {}

    /** The operator's server identity, or empty when the development CA issues it. */
    public static Optional<IssuedCertificate> identity(ServerConfig c) {
        return switch (c.tlsIdentitySource()) {
            case DEVELOPMENT_CA -> Optional.empty();
            case PEM ->
                Optional.of(pem(
                        c.path(ConfigKey.TLS_CERTIFICATE).orElseThrow(),
                        c.path(ConfigKey.TLS_PRIVATE_KEY).orElseThrow()));
            case PKCS12 ->
                Optional.of(pkcs12(
                        c.path(ConfigKey.TLS_KEYSTORE).orElseThrow(),
                        c.text(ConfigKey.TLS_KEYSTORE_PASSWORD).toCharArray()));
        };
    }

    /** The CAs trusted to issue Device certificates, or empty for the development CA. */
    public static Optional<List<X509Certificate>> clientCas(ServerConfig c) {
        Optional<Path> f = c.path(ConfigKey.TLS_CLIENT_CA);
        if (f.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> cas = PemFiles.readCertificates(f.get());
            if (cas.isEmpty()) {
                throw new ConfigException(ConfigKey.TLS_CLIENT_CA.key() + ": no certificate in " + f.get());
            }
            return Optional.of(cas);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(
                    ConfigKey.TLS_CLIENT_CA.key() + ": cannot read " + f.get() + ": " + e.getMessage(), e);
        }
    }

    static IssuedCertificate pem(Path cert, Path key) {
        try {
            IssuedCertificate id = PemFiles.read(cert, key);
            requireMatchingKey(id, ConfigKey.TLS_PRIVATE_KEY.key() + " " + key);
            return id;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException ce) {
                throw ce;
            }
            throw new ConfigException(
                    "tls.certificate / tls.private-key: cannot read " + cert + " and " + key + ": " + e.getMessage(),
                    e);
        }
    }

    static IssuedCertificate pkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key k = ks.getKey(alias, password);
                Certificate[] chain = ks.getCertificateChain(alias);
                if (k instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    List<X509Certificate> certs = new ArrayList<>();
                    for (Certificate x : chain) {
                        certs.add((X509Certificate) x);
                    }
                    IssuedCertificate id = new IssuedCertificate(pk, certs);
                    requireMatchingKey(id, ConfigKey.TLS_KEYSTORE.key() + " " + file);
                    return id;
                }
            }
            throw new ConfigException(ConfigKey.TLS_KEYSTORE.key() + ": no private key entry in " + file);
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password surfaces as an IOException; its text never contains the password
            throw new ConfigException(
                    ConfigKey.TLS_KEYSTORE.key() + ": cannot open " + file + " (wrong tls.keystore-password?): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Signs a random challenge with the key and verifies it with the certificate: they must be one pair. */
    private static void requireMatchingKey(IssuedCertificate id, String where) {
        String alg = id.privateKey().getAlgorithm();
        String sigAlg = switch (alg) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new ConfigException(where + ": unsupported key algorithm " + alg);
        };
        boolean pair;
        try {
            byte[] challenge = new byte[32];
            new java.security.SecureRandom().nextBytes(challenge);
            java.security.Signature sign = java.security.Signature.getInstance(sigAlg);
            sign.initSign(id.privateKey());
            sign.update(challenge);
            byte[] sig = sign.sign();
            java.security.Signature verify = java.security.Signature.getInstance(sigAlg);
            verify.initVerify(id.certificate().getPublicKey());
            verify.update(challenge);
            pair = verify.verify(sig);
        } catch (GeneralSecurityException e) {
            pair = false;
        }
        if (!pair) {
            throw new ConfigException(where + ": the private key does not belong to the certificate");
        }
    }
}
