package io.trustdm.tree.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeTransaction;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import io.trustdm.tree.mo.AuthLevel;
import io.trustdm.tree.mo.AuthType;
import io.trustdm.tree.mo.DevInfoObject;
import io.trustdm.tree.mo.DmAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeStoreTest {
    private static final String SECRET = "client-s3cret-Pa55w0rd";
    private static final byte[] NONCE = "NONCE-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final String SERVER_SECRET = "server-s3cret-0th3r";

    @TempDir
    Path dir;

    static ManagementTree deviceTree() {
        ManagementTree t = ManagementTree.create();
        new DevInfoObject("IMEI:490154203237518", "Exemplar", "Sensor-2", "1.2", "en", false).install(t);
        new DmAccount(
                        "srv1",
                        "trustdm",
                        "Operator",
                        null,
                        List.of(DmAccount.AppAddr.uri("primary", "https://localhost:8443/dm")),
                        AuthType.DIGEST,
                        List.of(
                                new DmAccount.AppAuth(
                                        "CLCRED", AuthLevel.CLCRED, AuthType.DIGEST, "dev1", SECRET, NONCE),
                                new DmAccount.AppAuth(
                                        "SRVCRED",
                                        AuthLevel.SRVCRED,
                                        AuthType.DIGEST,
                                        "trustdm",
                                        SERVER_SECRET,
                                        new byte[] {9, 8, 7})),
                        false)
                .install(t);
        t.add(Principal.LOCAL, "./Vendor/Setting", NodeContent.leaf(NodeFormat.INT, "text/plain", "42"));
        t.add(Principal.LOCAL, "./Vendor/Blob", NodeContent.binary("application/octet-stream", new byte[] {0, 1, -1}));
        t.replace(
                Principal.LOCAL,
                "./Vendor?prop=ACL",
                NodeContent.text(Acl.forServer("trustdm", AclCommand.GET, AclCommand.REPLACE)
                        .toString()));
        t.replace(Principal.LOCAL, "./Vendor/Setting?prop=Title", NodeContent.text("a setting"));
        return t;
    }

    @Test
    void restart_restores_every_node_property_acl_and_value() {
        ManagementTree original = deviceTree();
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(original);
        }
        ManagementTree reloaded = ManagementTree.create();
        try (TreeStore store = TreeStore.open(dir)) {
            assertThat(store.loadInto(reloaded)).isTrue();
            assertThat(store.sequence()).isEqualTo(1);
        }
        assertThat(reloaded.exportNodes()).isEqualTo(original.exportNodes());
        assertThat(reloaded.nodeCount()).isEqualTo(original.nodeCount());
        // the reloaded tree still enforces what it stored: AAuthSecret has no Get, the Vendor ACL holds
        assertThat(reloaded.get(Principal.server("trustdm"), "./DMAcc/srv1/AppAuth/CLCRED/AAuthSecret")
                        .status())
                .isEqualTo(405);
        assertThat(reloaded.get(Principal.server("other"), "./Vendor/Setting").status())
                .isEqualTo(425);
        assertThat(reloaded.get(Principal.server("trustdm"), "./Vendor/Setting").status())
                .isEqualTo(200);
    }

    @Test
    void empty_directory_has_nothing_to_load() {
        ManagementTree t = ManagementTree.create();
        int before = t.nodeCount();
        try (TreeStore store = TreeStore.open(dir)) {
            assertThat(store.loadInto(t)).isFalse();
        }
        assertThat(t.nodeCount()).isEqualTo(before);
    }

    @Test
    void every_committed_command_is_saved_and_failed_ones_are_not() {
        ManagementTree t = deviceTree();
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(t);
            store.attach(t);
            t.replace(Principal.LOCAL, "./Vendor/Setting", NodeContent.leaf(NodeFormat.INT, "text/plain", "43"));
            assertThat(store.sequence()).isEqualTo(2);
            // fails (404): nothing changed, nothing written
            t.replace(Principal.LOCAL, "./Vendor/Missing", NodeContent.text("x"));
            // a Get changes nothing
            t.get(Principal.LOCAL, "./Vendor/Setting");
            assertThat(store.sequence()).isEqualTo(2);
        }
        ManagementTree reloaded = ManagementTree.create();
        try (TreeStore store = TreeStore.open(dir)) {
            store.loadInto(reloaded);
        }
        assertThat(reloaded.valueText("./Vendor/Setting")).contains("43");
    }

    @Test
    void a_transaction_is_saved_once_on_commit_and_never_on_rollback() {
        ManagementTree t = deviceTree();
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(t);
            store.attach(t);
            try (TreeTransaction tx = t.beginTransaction()) {
                t.add(Principal.LOCAL, "./Vendor/A", NodeContent.text("a"));
                t.add(Principal.LOCAL, "./Vendor/B", NodeContent.text("b"));
                assertThat(store.sequence()).isEqualTo(1);
                tx.rollback();
            }
            assertThat(store.sequence()).isEqualTo(1);
            try (TreeTransaction tx = t.beginTransaction()) {
                t.add(Principal.LOCAL, "./Vendor/A", NodeContent.text("a"));
                t.add(Principal.LOCAL, "./Vendor/B", NodeContent.text("b"));
                tx.commit();
            }
            assertThat(store.sequence()).isEqualTo(2);
        }
        ManagementTree reloaded = ManagementTree.create();
        try (TreeStore store = TreeStore.open(dir)) {
            store.loadInto(reloaded);
        }
        assertThat(reloaded.valueText("./Vendor/A")).contains("a");
        assertThat(reloaded.valueText("./Vendor/B")).contains("b");
    }

    @Test
    void secrets_and_nonces_never_appear_in_clear_in_the_stored_file() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(deviceTree());
        }
        byte[] file = Files.readAllBytes(dir.resolve(TreeStore.SNAPSHOT));
        String asText = new String(file, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(SECRET).doesNotContain(SERVER_SECRET);
        assertThat(HexFormat.of().formatHex(file)).doesNotContain(HexFormat.of().formatHex(NONCE));
        // non-secret values are stored as they are (and readable for support)
        assertThat(asText).contains("Sensor-2").contains("https://localhost:8443/dm");
        // the key itself is not in the snapshot either
        byte[] key = Files.readAllBytes(dir.resolve(TreeStore.KEY_FILE));
        assertThat(HexFormat.of().formatHex(file)).doesNotContain(HexFormat.of().formatHex(key));
    }

    @Test
    void device_key_and_snapshot_are_owner_only_and_the_key_is_random() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(ManagementTree.create());
        }
        Path key = dir.resolve(TreeStore.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.size(key)).isEqualTo(DeviceKey.KEY_BYTES);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TreeStore.SNAPSHOT))))
                .isEqualTo("rw-------");
        Path other = Files.createTempDirectory(dir, "other");
        try (TreeStore store = TreeStore.open(other)) {
            store.save(ManagementTree.create());
        }
        assertThat(Files.readAllBytes(other.resolve(TreeStore.KEY_FILE))).isNotEqualTo(Files.readAllBytes(key));
    }

    @Test
    void a_key_file_readable_by_others_is_refused() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(ManagementTree.create());
        }
        Files.setPosixFilePermissions(dir.resolve(TreeStore.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> TreeStore.open(dir))
                .isInstanceOf(TreeStoreException.class)
                .hasMessageContaining("0600");
    }

    @Test
    void wrong_device_key_gives_a_typed_error() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(deviceTree());
        }
        Files.delete(dir.resolve(TreeStore.KEY_FILE)); // a new random key will be created
        try (TreeStore store = TreeStore.open(dir)) {
            assertThatThrownBy(() -> store.loadInto(ManagementTree.create()))
                    .isInstanceOf(WrongDeviceKeyException.class);
        }
        byte[] other = new byte[DeviceKey.KEY_BYTES];
        try (TreeStore store = TreeStore.open(dir, DeviceKey.of(other), TreeStore.SECRET_LEAVES)) {
            assertThatThrownBy(store::load).isInstanceOf(WrongDeviceKeyException.class);
        }
    }

    @Test
    void every_flipped_byte_is_detected_as_corruption() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(deviceTree());
        }
        Path snap = dir.resolve(TreeStore.SNAPSHOT);
        byte[] good = Files.readAllBytes(snap);
        for (int i = 0; i < good.length; i += Math.max(1, good.length / 200)) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(snap, bad);
            try (TreeStore store = TreeStore.open(dir)) {
                int at = i;
                assertThatThrownBy(() -> store.loadInto(ManagementTree.create()))
                        .as("flip at %d", at)
                        .isInstanceOf(CorruptTreeStoreException.class);
            }
        }
    }

    @Test
    void a_truncated_snapshot_is_a_corrupt_snapshot() throws Exception {
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(deviceTree());
        }
        Path snap = dir.resolve(TreeStore.SNAPSHOT);
        byte[] good = Files.readAllBytes(snap);
        for (int len : new int[] {0, 5, 40, good.length / 2, good.length - 1}) {
            Files.write(snap, java.util.Arrays.copyOf(good, len));
            try (TreeStore store = TreeStore.open(dir)) {
                assertThatThrownBy(() -> store.loadInto(ManagementTree.create()))
                        .isInstanceOf(CorruptTreeStoreException.class);
            }
        }
    }

    @Test
    void a_sealed_secret_does_not_open_under_another_node_name() {
        DeviceKey key = DeviceKey.of(new byte[DeviceKey.KEY_BYTES]);
        byte[] sealed = key.seal("./DMAcc/a/AppAuth/CLCRED/AAuthSecret", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(key.open("./DMAcc/a/AppAuth/CLCRED/AAuthSecret", sealed)).containsExactly('x');
        assertThatThrownBy(() -> key.open("./DMAcc/b/AppAuth/CLCRED/AAuthSecret", sealed))
                .isInstanceOf(CorruptTreeStoreException.class);
    }

    @Test
    void a_leftover_temporary_file_from_a_crash_is_ignored() throws Exception {
        ManagementTree t = deviceTree();
        try (TreeStore store = TreeStore.open(dir)) {
            store.save(t);
        }
        Files.write(dir.resolve(TreeStore.SNAPSHOT + ".tmp"), new byte[] {1, 2, 3});
        ManagementTree reloaded = ManagementTree.create();
        try (TreeStore store = TreeStore.open(dir)) {
            store.loadInto(reloaded);
        }
        assertThat(reloaded.exportNodes()).isEqualTo(t.exportNodes());
        assertThat(dir.resolve(TreeStore.SNAPSHOT + ".tmp")).doesNotExist();
    }

    @Test
    void only_one_agent_can_open_a_store() {
        try (TreeStore store = TreeStore.open(dir)) {
            assertThatThrownBy(() -> TreeStore.open(dir))
                    .isInstanceOf(TreeStoreException.class)
                    .hasMessageContaining("in use");
        }
        TreeStore.open(dir).close();
    }
}
