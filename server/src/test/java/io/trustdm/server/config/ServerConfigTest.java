package io.trustdm.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreSecureAndComplete() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.jdbcUrl()).isEmpty();
        assertThat(c.tlsKeystore()).isEmpty();
        assertThat(c.deviceAuth()).isEqualTo("md5");
        assertThat(c.duration(ConfigKey.SESSION_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(c.source(k)).isEqualTo(ServerConfig.Source.DEFAULT);
        }
    }

    @Test
    void precedenceIsDefaultThenFileThenEnvironmentThenCommandLine() throws Exception {
        Path f = dir.resolve("trustdm.properties");
        Files.writeString(f, "server.port = 9000\nserver.server-id = fromfile\ndm.device-auth=hmac\n");
        ServerConfig c = ServerConfig.load(
                Optional.of(f),
                Map.of("TRUSTDM_SERVER_PORT", "9100", "TRUSTDM_DM_DEVICE_AUTH", "basic", "UNRELATED", "x"),
                Map.of(ConfigKey.PORT, "9200"));
        assertThat(c.port()).isEqualTo(9200);
        assertThat(c.source(ConfigKey.PORT)).isEqualTo(ServerConfig.Source.COMMAND_LINE);
        assertThat(c.deviceAuth()).isEqualTo("basic");
        assertThat(c.source(ConfigKey.DEVICE_AUTH)).isEqualTo(ServerConfig.Source.ENVIRONMENT);
        assertThat(c.serverId()).isEqualTo("fromfile");
        assertThat(c.source(ConfigKey.SERVER_ID)).isEqualTo(ServerConfig.Source.FILE);
        assertThat(c.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void unknownKeyInFileIsAnErrorNotASilentDefault() throws Exception {
        Path f = dir.resolve("typo.properties");
        Files.writeString(f, "tls.clientauth = need\n");
        assertThatThrownBy(() -> ServerConfig.load(Optional.of(f), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'tls.clientauth'");
    }

    @Test
    void invalidValuesNameTheKeyAndWhereTheyCameFrom() {
        assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of("TRUSTDM_SERVER_PORT", "70000"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port")
                .hasMessageContaining("TRUSTDM_SERVER_PORT")
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> ServerConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.CLIENT_AUTH, "none")))
                .hasMessageContaining("tls.client-auth")
                .hasMessageContaining("want or need");
        assertThatThrownBy(() ->
                        ServerConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.SESSION_TIMEOUT, "5 minutes")))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(
                        () -> ServerConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.JDBC_URL, "postgres://x")))
                .hasMessageContaining("jdbc:");
    }

    @Test
    void secretsAreNeverPrintedNorEchoedInErrors() {
        ServerConfig c = ServerConfig.load(
                Optional.empty(),
                Map.of("TRUSTDM_STORAGE_PASSWORD", "hunter2-db"),
                Map.of(ConfigKey.TLS_KEYSTORE_PASSWORD, "p12-secret"));
        String printed = c.print();
        assertThat(printed).doesNotContain("hunter2-db").doesNotContain("p12-secret");
        assertThat(printed).contains("storage.password = <redacted>");
        assertThat(printed).contains("tls.keystore-password = <redacted>");
    }

    @Test
    void printedConfigurationDocumentsEveryKeyAndLoadsBackToTheSameValues() throws Exception {
        ServerConfig c = ServerConfig.load(
                Optional.empty(), Map.of("TRUSTDM_SERVER_HOST", "0.0.0.0"), Map.of(ConfigKey.PORT, "0"));
        String printed = c.print();
        for (ConfigKey k : ConfigKey.values()) {
            assertThat(printed)
                    .contains(k.key() + " = ")
                    .contains(k.environmentVariable())
                    .contains(k.description());
        }
        Path f = dir.resolve("printed.properties");
        Files.writeString(f, printed);
        ServerConfig back = ServerConfig.load(Optional.of(f), Map.of(), Map.of());
        for (ConfigKey k : ConfigKey.values()) {
            if (!k.secret()) {
                assertThat(back.text(k)).as(k.key()).isEqualTo(c.text(k));
            }
        }
    }
}
