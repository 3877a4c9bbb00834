package io.trustdm.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.PemFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's TLS material is loaded as configured, and every way it can be wrong is a ConfigException. */
class OperatorTlsTest {
    @TempDir
    Path dir;

    private final CertificateAuthority ca = CertificateAuthority.generate("Operator Test Root", Duration.ofDays(1));
    private final IssuedCertificate server = ca.issueServer("dm.test", List.of("localhost"), Duration.ofDays(1));

    private ServerConfig config(Map<String, String> env, Map<ConfigKey, String> cli) {
        return ServerConfig.load(Optional.empty(), env, cli);
    }

    @Test
    void development_ca_when_nothing_is_configured() {
        ServerConfig c = config(Map.of(), Map.of());
        assertThat(c.tlsIdentitySource()).isEqualTo(ServerConfig.TlsIdentitySource.DEVELOPMENT_CA);
        assertThat(OperatorTls.identity(c)).isEmpty();
        assertThat(OperatorTls.clientCas(c)).isEmpty();
    }

    @Test
    void pem_chain_and_key_are_loaded() throws Exception {
        PemFiles.write(server, dir.resolve("chain.pem"), dir.resolve("key.pem"));
        PemFiles.writeCertificates(List.of(ca.certificate()), dir.resolve("clients.pem"));
        ServerConfig c = config(
                Map.of(),
                Map.of(
                        ConfigKey.TLS_CERTIFICATE, dir.resolve("chain.pem").toString(),
                        ConfigKey.TLS_PRIVATE_KEY, dir.resolve("key.pem").toString(),
                        ConfigKey.TLS_CLIENT_CA, dir.resolve("clients.pem").toString()));
        IssuedCertificate id = OperatorTls.identity(c).orElseThrow();
        assertThat(id.certificate()).isEqualTo(server.certificate());
        assertThat(OperatorTls.clientCas(c)).hasValue(List.of(ca.certificate()));
    }

    @Test
    void pkcs12_with_its_password_from_the_environment_is_loaded_and_a_wrong_password_is_not_echoed() throws Exception {
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            server.toKeyStore("server", "right-p12-password".toCharArray())
                    .store(out, "right-p12-password".toCharArray());
        }
        ServerConfig good = config(
                Map.of("TRUSTDM_TLS_KEYSTORE_PASSWORD", "right-p12-password"),
                Map.of(ConfigKey.TLS_KEYSTORE, p12.toString()));
        assertThat(good.tlsIdentitySource()).isEqualTo(ServerConfig.TlsIdentitySource.PKCS12);
        assertThat(OperatorTls.identity(good).orElseThrow().certificate()).isEqualTo(server.certificate());

        ServerConfig wrong = config(
                Map.of("TRUSTDM_TLS_KEYSTORE_PASSWORD", "wrong-p12-password"),
                Map.of(ConfigKey.TLS_KEYSTORE, p12.toString()));
        assertThatThrownBy(() -> OperatorTls.identity(wrong))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.keystore")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-p12-password"));
    }

    @Test
    void a_key_that_is_not_the_certificates_and_mixed_sources_are_refused() throws Exception {
        PemFiles.write(server, dir.resolve("chain.pem"), dir.resolve("key.pem"));
        // same algorithm (EC P-256), different key: only a signature check notices
        IssuedCertificate other = ca.issueServer("other", List.of("localhost"), Duration.ofDays(1));
        IssuedCertificate foreign = new IssuedCertificate(other.privateKey(), server.chain());
        PemFiles.write(foreign, dir.resolve("chain2.pem"), dir.resolve("other-key.pem"));
        assertThatThrownBy(() -> OperatorTls.identity(config(
                        Map.of(),
                        Map.of(
                                ConfigKey.TLS_CERTIFICATE,
                                        dir.resolve("chain.pem").toString(),
                                ConfigKey.TLS_PRIVATE_KEY,
                                        dir.resolve("other-key.pem").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> config(
                        Map.of(),
                        Map.of(
                                ConfigKey.TLS_KEYSTORE, "x.p12",
                                ConfigKey.TLS_CERTIFICATE, "c.pem",
                                ConfigKey.TLS_PRIVATE_KEY, "k.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be combined");
    }
}
