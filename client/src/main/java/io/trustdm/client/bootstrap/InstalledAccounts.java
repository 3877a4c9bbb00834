package io.trustdm.client.bootstrap;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeResult;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DM accounts as they are installed in {@code ./DMAcc}: read back from the tree after a restart (the tree is the
 * Device's memory, see {@code TreeStore}), and built for factory provisioning, where the Device's own configuration
 * (not a network) supplies the account.
 */
public final class InstalledAccounts {
    private InstalledAccounts() {}

    /** The first usable account below {@code ./DMAcc}, read as the Device (no ACL checks). */
    public static Optional<BootstrappedAccount> first(ManagementTree tree) {
        Optional<NodeSnapshot> container = tree.inspect("./DMAcc");
        if (container.isEmpty()) {
            return Optional.empty();
        }
        for (String node : container.get().children()) {
            Optional<BootstrappedAccount> a = read(tree, node);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /** The account {@code ./DMAcc/<accountNode>}, when it holds a ServerID, an address and usable CLCRED. */
    public static Optional<BootstrappedAccount> read(ManagementTree tree, String accountNode) {
        String base = "./DMAcc/" + accountNode;
        Map<String, Object> leaves = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(List.of(""));
        while (!pending.isEmpty()) {
            String rel = pending.remove(pending.size() - 1);
            Optional<NodeSnapshot> n = tree.inspect(rel.isEmpty() ? base : base + "/" + rel);
            if (n.isEmpty()) {
                continue;
            }
            if (n.get().isInterior()) {
                for (String c : n.get().children()) {
                    pending.add(rel.isEmpty() ? c : rel + "/" + c);
                }
            } else {
                byte[] v = n.get().value();
                leaves.put(rel, n.get().format() == NodeFormat.BIN ? v : new String(v, StandardCharsets.UTF_8));
            }
        }
        leaves.put("", accountNode);
        try {
            return Optional.of(BootstrapProcessor.account(leaves));
        } catch (BootstrapRefusedException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An account configured on the Device itself (a factory setting, the simulator's command line), laid out as a
     * bootstrap would: {@code AppAuth/1} CLCRED, {@code AppAuth/2} SRVCRED when the server has credentials.
     */
    public static BootstrappedAccount factory(
            String accountNode,
            String serverId,
            URI serverAddress,
            AuthScheme clientScheme,
            Credentials client,
            Credentials server) {
        return factory(accountNode, serverId, serverAddress, clientScheme, client, server, clientScheme);
    }

    /**
     * As {@link #factory(String, String, URI, AuthScheme, Credentials, Credentials)}, with the SRVCRED AAuthType
     * chosen independently of the client's: {@code DIGEST}, {@code HMAC} or {@code TRANSPORT} (TLS server certificate
     * only).
     */
    public static BootstrappedAccount factory(
            String accountNode,
            String serverId,
            URI serverAddress,
            AuthScheme clientScheme,
            Credentials client,
            Credentials server,
            AuthScheme serverScheme) {
        Map<String, Object> leaves = new LinkedHashMap<>();
        leaves.put("ServerID", serverId);
        leaves.put("Name", serverId);
        leaves.put("AppID", "w7");
        leaves.put("AppAddr/1/Addr", serverAddress.toString());
        leaves.put("AppAddr/1/AddrType", "URI");
        leaves.put("AAuthPref", clientScheme.aauthType());
        leaves.put("AppAuth/1/AAuthLevel", "CLCRED");
        leaves.put("AppAuth/1/AAuthType", clientScheme.aauthType());
        leaves.put("AppAuth/1/AAuthName", client.username());
        leaves.put("AppAuth/1/AAuthSecret", new String(client.password().bytes(), StandardCharsets.UTF_8));
        if (server != null) {
            leaves.put("AppAuth/2/AAuthLevel", "SRVCRED");
            leaves.put("AppAuth/2/AAuthType", serverScheme.aauthType());
            leaves.put("AppAuth/2/AAuthName", server.username());
            leaves.put("AppAuth/2/AAuthSecret", new String(server.password().bytes(), StandardCharsets.UTF_8));
        }
        return new BootstrappedAccount(
                serverId, accountNode, serverAddress, clientScheme, client, server, null, null, leaves);
    }

    /**
     * Writes {@code a} into {@code ./DMAcc/<accountNode>} as the Device (no ACL checks) and gives its ServerID Get,
     * Replace and Delete on it (OMA-TS-DM_Bootstrap §3.1.3.4). Leaves that already exist are replaced.
     */
    public static void install(ManagementTree tree, BootstrappedAccount a) {
        String base = "./DMAcc/" + a.accountNode();
        // The DMAcc MO identifier makes the DDF rules apply: AAuthSecret and AAuthData get no Get.
        TreeResult r = tree.add(Principal.LOCAL, base, NodeContent.interior(MoIdentifiers.DMACC));
        if (!r.isSuccess() && r.status() != 418) {
            throw new IllegalStateException("cannot create " + base + ": status " + r.status());
        }
        for (Map.Entry<String, Object> e : a.dmAccLeaves().entrySet()) {
            String uri = base + "/" + e.getKey();
            NodeContent c = e.getValue() instanceof byte[] b
                    ? NodeContent.binary("application/octet-stream", b)
                    : NodeContent.leaf(NodeFormat.CHR, "text/plain", (String) e.getValue());
            TreeResult added = tree.add(Principal.LOCAL, uri, c);
            if (added.status() == 418) {
                tree.replace(Principal.LOCAL, uri, c);
            }
        }
        tree.replace(
                Principal.LOCAL,
                base + "?prop=ACL",
                NodeContent.text(Acl.forServer(a.serverId(), AclCommand.GET, AclCommand.REPLACE, AclCommand.DELETE)
                        .toString()));
    }
}
