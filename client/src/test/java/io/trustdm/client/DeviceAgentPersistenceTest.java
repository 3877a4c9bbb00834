package io.trustdm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.security.TreeNonceStore;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import io.trustdm.tree.store.TreeStore;
import io.trustdm.tree.store.WrongDeviceKeyException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceAgentPersistenceTest {
    private static final String DEV = "IMEI:490154203237518";

    @TempDir
    Path dir;

    private static BootstrappedAccount account() {
        return InstalledAccounts.factory(
                "trustdm",
                "trustdm",
                URI.create("https://localhost:8443/dm"),
                AuthScheme.MD5,
                Credentials.of("dev-user", "dev-Pa55word".toCharArray()),
                Credentials.of("trustdm", "srv-Pa55word".toCharArray()));
    }

    @Test
    void a_restarted_device_has_its_tree_account_and_nonces_back() throws Exception {
        Nonce clientNonce = Nonce.of("from-the-server-1".getBytes(StandardCharsets.US_ASCII));
        Nonce serverNonce = Nonce.of("issued-by-device1".getBytes(StandardCharsets.US_ASCII));
        try (DeviceAgent a =
                DeviceAgent.builder(DEV).model("M1").dataDirectory(dir).build()) {
            a.provision(account());
            TreeNonceStore nonces = TreeNonceStore.forAccount(a.tree(), "trustdm");
            nonces.storeClientNonce(clientNonce);
            nonces.storeServerNonce(serverNonce);
            a.tree().add(Principal.LOCAL, "./Vendor/Counter", NodeContent.text("7"));
        }
        try (DeviceAgent b = DeviceAgent.builder(DEV)
                .model("ignored: the stored tree wins")
                .dataDirectory(dir)
                .build()) {
            assertThat(b.account()).isPresent();
            assertThat(b.account().get().serverId()).isEqualTo("trustdm");
            assertThat(b.account().get().clientScheme()).isEqualTo(AuthScheme.MD5);
            assertThat(b.account().get().client().username()).isEqualTo("dev-user");
            assertThat(b.account()
                            .get()
                            .client()
                            .digestKey()
                            .matches(Credentials.of("dev-user", "dev-Pa55word".toCharArray())
                                    .digestKey()))
                    .isTrue();
            TreeNonceStore nonces = TreeNonceStore.forAccount(b.tree(), "trustdm");
            assertThat(nonces.clientNonce()).isEqualTo(clientNonce);
            assertThat(nonces.serverNonce()).isEqualTo(serverNonce);
            assertThat(b.tree().valueText("./Vendor/Counter")).contains("7");
            assertThat(b.tree().valueText("./DevInfo/Mod")).contains("M1");
            assertThat(b.tree().inspect("./FUMO/1/State")).isPresent();
        }
    }

    @Test
    void provisioned_secrets_and_nonces_are_sealed_on_disk_and_unreadable_by_the_server() throws Exception {
        try (DeviceAgent a = DeviceAgent.builder(DEV).dataDirectory(dir).build()) {
            a.provision(account());
            TreeNonceStore.forAccount(a.tree(), "trustdm")
                    .storeClientNonce(Nonce.of("NONCE-CLEAR-TEXT".getBytes(StandardCharsets.US_ASCII)));
            assertThat(a.tree()
                            .get(Principal.server("trustdm"), "./DMAcc/trustdm/AppAuth/1/AAuthSecret")
                            .status())
                    .isEqualTo(405);
            assertThat(a.tree()
                            .get(Principal.server("trustdm"), "./DMAcc/trustdm/AppAuth/1/AAuthName")
                            .status())
                    .isEqualTo(200);
        }
        byte[] file = Files.readAllBytes(dir.resolve(TreeStore.SNAPSHOT));
        String text = new String(file, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("dev-user").doesNotContain("dev-Pa55word").doesNotContain("srv-Pa55word");
        assertThat(text).doesNotContain("NONCE-CLEAR-TEXT");
        assertThat(HexFormat.of().formatHex(file))
                .doesNotContain(HexFormat.of().formatHex("NONCE-CLEAR-TEXT".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void a_data_directory_with_another_key_is_refused_with_a_typed_error() throws Exception {
        try (DeviceAgent a = DeviceAgent.builder(DEV).dataDirectory(dir).build()) {
            a.provision(account());
        }
        Files.delete(dir.resolve(TreeStore.KEY_FILE));
        assertThatThrownBy(() -> DeviceAgent.builder(DEV).dataDirectory(dir).build())
                .isInstanceOf(WrongDeviceKeyException.class);
        // and the failed start released the store
        Files.delete(dir.resolve(TreeStore.SNAPSHOT));
        DeviceAgent.builder(DEV).dataDirectory(dir).build().close();
    }
}
