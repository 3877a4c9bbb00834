package io.trustdm.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed test certificates made with the JDK's own {@code keytool} at test time: a server certificate for
 * {@code localhost} / 127.0.0.1 and a device certificate. Nothing is checked in.
 */
final class TestPki {
    static final char[] PASSWORD = "test-only-store-pass".toCharArray();

    final KeyStore serverKeys;
    final KeyStore deviceKeys;
    final X509Certificate serverCert;
    final X509Certificate deviceCert;

    private TestPki(KeyStore serverKeys, KeyStore deviceKeys) throws GeneralSecurityException {
        this.serverKeys = serverKeys;
        this.deviceKeys = deviceKeys;
        this.serverCert = (X509Certificate) serverKeys.getCertificate("server");
        this.deviceCert = (X509Certificate) deviceKeys.getCertificate("device");
    }

    private static TestPki shared;

    /** One set of certificates per test JVM: keytool takes a second or two per key. */
    static synchronized TestPki shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("trustdm-test-pki");
            shared = create(dir);
            for (String f : new String[] {"server.p12", "device.p12"}) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
        return shared;
    }

    static TestPki create(Path dir) throws Exception {
        Path server = dir.resolve("server.p12");
        Path device = dir.resolve("device.p12");
        keytool(server, "server", "CN=localhost,O=TrustDM test", "SAN=dns:localhost,ip:127.0.0.1");
        keytool(device, "device", "CN=IMEI:490154203237518,O=TrustDM test", null);
        return new TestPki(load(server), load(device));
    }

    private static void keytool(Path store, String alias, String dname, String ext) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new ArrayList<>(List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                dname,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
        if (ext != null) {
            cmd.add("-ext");
            cmd.add(ext);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool: " + out).isZero();
    }

    private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    static KeyStore trustStoreOf(X509Certificate... certs) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        for (int i = 0; i < certs.length; i++) {
            ts.setCertificateEntry("trusted-" + i, certs[i]);
        }
        return ts;
    }

    /** An SSLContext with {@code keys} (may be null) and trust in {@code trust} (null: the given trust managers). */
    static SSLContext context(KeyStore keys, KeyStore trust, TrustManager[] trustManagers) throws Exception {
        KeyManagerFactory kmf = null;
        if (keys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
        }
        TrustManager[] tms = trustManagers;
        if (trust != null) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            tms = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tms, null);
        return ctx;
    }
}
