package io.trustdm.tree.store;

import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeResult;
import io.trustdm.tree.TreeTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link TreeStoreCrashTest}: opens the store, then commits transactions in a loop until it is
 * killed. Transaction n sets {@code ./Crash/Seq} and {@code ./Crash/Mirror} to n, the secret
 * {@code ./Crash/AppAuth/AAuthData} to "nonce-n", adds {@code ./Crash/Log/e<n>} and deletes {@code e<n-5>}; so every
 * committed state has Seq = Mirror = nonce number and the log entries n-4..n. It prints "committed n" after each
 * commit returns (the snapshot for n is durable by then) and "ready n" once loaded.
 */
public final class CrashingWriter {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        ManagementTree tree = ManagementTree.create();
        TreeStore store = TreeStore.open(dir);
        long n;
        if (store.loadInto(tree)) {
            n = Long.parseLong(tree.valueText("./Crash/Seq").orElseThrow());
        } else {
            n = 0;
            check(tree.add(Principal.LOCAL, "./Crash/Seq", NodeContent.leaf(NodeFormat.INT, "text/plain", "0")));
            check(tree.add(Principal.LOCAL, "./Crash/Mirror", NodeContent.leaf(NodeFormat.INT, "text/plain", "0")));
            check(tree.add(
                    Principal.LOCAL,
                    "./Crash/AppAuth/AAuthData",
                    NodeContent.binary("application/octet-stream", nonce(0))));
            check(tree.add(Principal.LOCAL, "./Crash/Log", NodeContent.interior(null)));
            store.save(tree);
        }
        store.attach(tree);
        System.out.println("ready " + n);
        System.out.flush();
        while (true) {
            n++;
            try (TreeTransaction tx = tree.beginTransaction()) {
                String v = Long.toString(n);
                check(tree.replace(Principal.LOCAL, "./Crash/Seq", NodeContent.leaf(NodeFormat.INT, "text/plain", v)));
                check(tree.add(Principal.LOCAL, "./Crash/Log/e" + n, NodeContent.text(v)));
                if (n > 5) {
                    check(tree.delete(Principal.LOCAL, "./Crash/Log/e" + (n - 5)));
                }
                check(tree.replace(
                        Principal.LOCAL,
                        "./Crash/AppAuth/AAuthData",
                        NodeContent.binary("application/octet-stream", nonce(n))));
                check(tree.replace(
                        Principal.LOCAL, "./Crash/Mirror", NodeContent.leaf(NodeFormat.INT, "text/plain", v)));
                tx.commit();
            }
            System.out.println("committed " + n);
            System.out.flush();
        }
    }

    static byte[] nonce(long n) {
        return ("nonce-" + n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void check(TreeResult r) {
        if (!r.isSuccess()) {
            throw new IllegalStateException("status " + r.status());
        }
    }
}
