package io.trustdm.client.security;

import io.trustdm.security.auth.Nonce;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The nonces of one account kept where DM keeps them: {@code AAuthData} of the account's CLCRED and SRVCRED
 * {@code AppAuth} entries. Writing a nonce is a tree change, so a tree with a {@code TreeStore} attached has it on
 * disk (sealed, as every {@code AAuthData}) before the session goes on: a Device restarted between sessions answers
 * with the nonce the server last gave it.
 */
public final class TreeNonceStore implements NonceStore {
    private final ManagementTree tree;
    private final String clientData;
    private final String serverData;

    private TreeNonceStore(ManagementTree tree, String clientData, String serverData) {
        this.tree = tree;
        this.clientData = clientData;
        this.serverData = serverData;
    }

    /**
     * The store for {@code ./DMAcc/<accountNode>}: finds the AppAuth entries by their AAuthLevel, creating
     * {@code AppAuth/client} or {@code AppAuth/server} nodes only if the account lacks one.
     */
    public static TreeNonceStore forAccount(ManagementTree tree, String accountNode) {
        Objects.requireNonNull(tree, "tree");
        String base = "./DMAcc/" + Objects.requireNonNull(accountNode, "accountNode") + "/AppAuth";
        String client = base + "/client";
        String server = base + "/server";
        Optional<NodeSnapshot> auths = tree.inspect(base);
        if (auths.isPresent()) {
            for (String name : auths.get().children()) {
                String level = tree.valueText(base + "/" + name + "/AAuthLevel").orElse("");
                if (level.equals("CLCRED")) {
                    client = base + "/" + name;
                } else if (level.equals("SRVCRED")) {
                    server = base + "/" + name;
                }
            }
        }
        return new TreeNonceStore(tree, client + "/AAuthData", server + "/AAuthData");
    }

    @Override
    public Nonce clientNonce() {
        return read(clientData);
    }

    @Override
    public Nonce serverNonce() {
        return read(serverData);
    }

    @Override
    public void storeClientNonce(Nonce nonce) {
        write(clientData, nonce);
    }

    @Override
    public void storeServerNonce(Nonce nonce) {
        write(serverData, nonce);
    }

    private Nonce read(String uri) {
        return tree.inspect(uri)
                .map(NodeSnapshot::value)
                .filter(v -> v != null && v.length > 0)
                .map(Nonce::of)
                .orElse(null);
    }

    private void write(String uri, Nonce nonce) {
        NodeContent c = NodeContent.binary("application/octet-stream", nonce.bytes());
        TreeResult r = tree.replace(Principal.LOCAL, uri, c);
        if (r.status() == 404) {
            r = tree.add(Principal.LOCAL, uri, c);
        }
        if (!r.isSuccess()) {
            throw new IllegalStateException("cannot store the nonce in " + uri + ": status " + r.status());
        }
    }
}
