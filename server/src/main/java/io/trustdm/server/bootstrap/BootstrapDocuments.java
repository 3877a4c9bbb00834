package io.trustdm.server.bootstrap;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.protocol.provisioning.Characteristic;
import io.trustdm.protocol.provisioning.ProvisioningDocument;
import io.trustdm.protocol.provisioning.ProvisioningWbxmlEncoder;
import io.trustdm.protocol.provisioning.W7Application;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.security.auth.AuthScheme;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the two bootstrap documents for a provisioned account. Both carry the same facts: the DM 1.2 DMAcc
 * (AppID w7, ServerID, Name, AppAddr, AAuthPref, AppAuth CLCRED and SRVCRED with their nonces).
 */
public final class BootstrapDocuments {
    private BootstrapDocuments() {}

    /**
     * The Plain profile: a DM message whose Adds create {@code ./DMAcc/<x>}; WBXML, as the Bootstrap spec requires
     * (XML is not allowed for bootstrap). The Device sends no response to it.
     */
    public static SyncMl plainMessage(ProvisionedAccount a, BootstrapTemplate t) {
        String base = "./DMAcc/" + a.accountNode();
        List<Item> items = new ArrayList<>();
        node(items, base);
        leaf(items, base + "/AppID", "w7");
        leaf(items, base + "/ServerID", t.serverId());
        leaf(items, base + "/Name", t.serverName());
        node(items, base + "/AppAddr");
        node(items, base + "/AppAddr/1");
        leaf(items, base + "/AppAddr/1/Addr", t.address().toString());
        leaf(items, base + "/AppAddr/1/AddrType", "URI");
        leaf(items, base + "/AAuthPref", t.clientScheme().aauthType());
        node(items, base + "/AppAuth");
        appAuth(
                items,
                base + "/AppAuth/1",
                "CLCRED",
                t.clientScheme(),
                a.client().username(),
                secret(a.client()),
                a.clientNonce().bytes());
        appAuth(
                items,
                base + "/AppAuth/2",
                "SRVCRED",
                t.serverScheme().authScheme(),
                a.server().username(),
                secret(a.server()),
                a.serverNonce().bytes());
        List<Command> cmds = List.of(new Add("1", false, null, null, items));
        SyncHdr hdr = SyncHdr.builder()
                .sessionId("0")
                .msgId("1")
                .target(Target.of(a.deviceId()))
                .source(Source.of(t.serverId()))
                .build();
        return new SyncMl(hdr, new SyncBody(cmds, true));
    }

    public static byte[] plain(ProvisionedAccount a, BootstrapTemplate t) {
        return WbxmlEncoder.encode(plainMessage(a, t));
    }

    /** The CP profile: a w7 APPLICATION characteristic in a WBXML provisioning document. */
    public static ProvisioningDocument cpDocument(ProvisionedAccount a, BootstrapTemplate t) {
        AuthScheme serverScheme = t.serverScheme().authScheme();
        W7Application w7 = new W7Application(
                t.serverId(),
                t.serverName(),
                List.of(),
                List.of(W7Application.AppAddr.uri(t.address().toString())),
                List.of(
                        W7Application.AppAuth.clientCredentials(
                                t.clientScheme().aauthType(),
                                a.client().username(),
                                secret(a.client()),
                                a.clientNonce().bytes()),
                        W7Application.AppAuth.serverCredentials(
                                serverScheme.aauthType(),
                                a.server().username(),
                                secret(a.server()),
                                a.serverNonce().bytes())),
                true,
                List.of());
        Characteristic c = w7.toCharacteristic();
        return ProvisioningDocument.of("1.1", c);
    }

    public static byte[] cp(ProvisionedAccount a, BootstrapTemplate t) {
        return ProvisioningWbxmlEncoder.encode(cpDocument(a, t));
    }

    private static String secret(io.trustdm.security.auth.Credentials c) {
        return new String(c.password().bytes(), StandardCharsets.UTF_8);
    }

    private static void node(List<Item> items, String uri) {
        items.add(new Item(Target.of(uri), null, Meta.builder().format("node").build(), null, false));
    }

    private static void leaf(List<Item> items, String uri, String value) {
        items.add(
                new Item(Target.of(uri), null, Meta.ofFormatAndType("chr", "text/plain"), ItemData.text(value), false));
    }

    private static void appAuth(
            List<Item> items, String base, String level, AuthScheme scheme, String name, String secret, byte[] nonce) {
        node(items, base);
        leaf(items, base + "/AAuthLevel", level);
        leaf(items, base + "/AAuthType", scheme.aauthType());
        leaf(items, base + "/AAuthName", name);
        leaf(items, base + "/AAuthSecret", secret);
        // AAuthData has Format bin: raw octets as WBXML OPAQUE
        items.add(new Item(
                Target.of(base + "/AAuthData"),
                null,
                Meta.ofFormatAndType("bin", "application/octet-stream"),
                ItemData.opaque(nonce),
                false));
    }
}
