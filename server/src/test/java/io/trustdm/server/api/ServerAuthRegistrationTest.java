package io.trustdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.auth.ServerCredentialScheme;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Registering a Device with a server credential chosen independently of its own (NewDevice.serverAuth). */
class ServerAuthRegistrationTest {
    private static NewDevice device(String id, AuthScheme scheme, String serverAuth) {
        return new NewDevice(id, scheme, "dev", "client-secret", "trustdm", "server-secret", false, serverAuth);
    }

    @Test
    void every_client_scheme_takes_every_server_scheme() {
        InMemoryRegistry registry = new InMemoryRegistry();
        RegistryManagementApi api =
                new RegistryManagementApi(registry, new SecureRandom(), URI.create("https://dm.example/dm"));
        int i = 0;
        for (AuthScheme client : new AuthScheme[] {AuthScheme.BASIC, AuthScheme.MD5, AuthScheme.HMAC}) {
            for (ServerCredentialScheme server : ServerCredentialScheme.values()) {
                String id = "IMEI:" + i++;
                DeviceDetails d = api.createDevice(device(id, client, server.name()));
                assertThat(d.auth().authScheme()).isEqualTo(client.name());
                assertThat(d.auth().serverAuth()).isEqualTo(server.name().toLowerCase());
                assertThat(registry.account(id).orElseThrow().serverScheme()).isEqualTo(server);
            }
        }
    }

    @Test
    void server_auth_none_MUST_be_refused_when_the_DM_address_is_plain_http() {
        RegistryManagementApi api =
                new RegistryManagementApi(new InMemoryRegistry(), new SecureRandom(), URI.create("http://dm.example/"));
        assertThatThrownBy(() -> api.createDevice(device("IMEI:1", AuthScheme.HMAC, "none")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("plain http");
        // the default for a Basic device (TLS server certificate only) is refused the same way: never silent
        assertThatThrownBy(() -> api.createDevice(device("IMEI:2", AuthScheme.BASIC, null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("plain http");
        assertThat(api.createDevice(device("IMEI:3", AuthScheme.HMAC, "hmac"))
                        .auth()
                        .serverAuth())
                .isEqualTo("hmac");
    }

    @Test
    void server_auth_md5_or_hmac_needs_server_credentials() {
        assertThatThrownBy(() -> new NewDevice("IMEI:1", AuthScheme.MD5, "dev", "pw", null, null, false, "md5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs serverUsername and serverPassword");
        assertThatThrownBy(() -> device("IMEI:1", AuthScheme.MD5, "sha1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("md5, hmac or none");
        assertThat(new NewDevice("IMEI:1", AuthScheme.MD5, "dev", "pw", null, null, false, "none").serverScheme())
                .isEqualTo(ServerCredentialScheme.NONE);
    }
}
