package io.trustdm.server.bootstrap;

import io.trustdm.security.Secret;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The secrets of one Device's new DM account: the Device's credentials (CLCRED), the server's credentials toward
 * this Device (SRVCRED) and the first nonces in both directions. Every secret is 128 random bits from
 * {@link SecureRandom}, generated for this Device alone — never shared between Devices and never derived from the
 * IMEI (S-SEC §5.1.1: a Device must not be able to impersonate the server to another Device).
 */
public record ProvisionedAccount(
        String deviceId,
        String accountNode,
        Credentials client,
        Credentials server,
        Nonce clientNonce,
        Nonce serverNonce) {

    public ProvisionedAccount {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(accountNode, "accountNode");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(clientNonce, "clientNonce");
        Objects.requireNonNull(serverNonce, "serverNonce");
    }

    public static ProvisionedAccount generate(String deviceId, BootstrapTemplate template, SecureRandom random) {
        String node = template.serverId().replaceAll("[^A-Za-z0-9]", "");
        if (node.isEmpty()) {
            node = "DMServer";
        }
        Credentials client = new Credentials(deviceId, secret(random));
        Credentials server = new Credentials(template.serverId(), secret(random));
        return new ProvisionedAccount(
                deviceId, node, client, server, Nonce.random(random, 16), Nonce.random(random, 16));
    }

    private static Secret secret(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        // printable, since DMAcc AAuthSecret is chr
        return Secret.ofUtf8(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    @Override
    public String toString() {
        return "ProvisionedAccount[" + deviceId + ", ./DMAcc/" + accountNode + ", secrets=<hidden>]";
    }
}
