package io.trustdm.tree.store;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeSnapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Keeps a device's management tree in a directory so that it survives restarts and crashes: nodes, properties, ACLs
 * and values, the DMAcc accounts and the nonces in their {@code AAuthData} included.
 *
 * <p>Every committed change (see {@link ManagementTree#addCommitListener}) rewrites the snapshot {@value #SNAPSHOT}:
 * the new content goes to a temporary file that is forced to disk, then renamed over the old one atomically, then the
 * directory is forced. A process killed at any instant therefore leaves either the previous or the new snapshot,
 * never a mixture; a leftover temporary file is ignored and removed on the next open. The file carries a CRC-32C, so
 * damage from outside (a bad disk, a careless edit) is detected and reported as {@link CorruptTreeStoreException}
 * instead of being loaded. Device trees are small (hundreds of nodes), so a whole snapshot per commit costs less than
 * the two fsyncs it needs.
 *
 * <p>Secret leaves are sealed with AES-256-GCM under the {@link DeviceKey} in {@value #KEY_FILE}: every leaf without
 * the Get access type (the DDF "No Get" of DMAcc {@code AAuthSecret} and {@code AAuthData}) and, whatever their
 * access types, leaves named like DM credentials and nonces ({@link #SECRET_NAMES}). Nothing secret is written in
 * clear.
 *
 * <p>One process owns a store at a time ({@value #LOCK_FILE} is locked while open).
 */
public final class TreeStore implements AutoCloseable {
    public static final String SNAPSHOT = "tree.snapshot";
    public static final String KEY_FILE = "device.key";
    public static final String LOCK_FILE = "tree.lock";

    /** Leaf names always sealed: DM 1.2 AppAuth secrets and nonces, and their DM 1.1 counterparts. */
    public static final Set<String> SECRET_NAMES =
            Set.of("AAuthSecret", "AAuthData", "ClientPW", "ServerPW", "ClientNonce", "ServerNonce");

    /** The default rule for which leaves are sealed. */
    public static final Predicate<NodeSnapshot> SECRET_LEAVES = n -> !n.isInterior()
            && (!n.accessTypes().contains(AccessType.GET)
                    || (!n.uri().isRoot() && SECRET_NAMES.contains(n.uri().name())));

    private final Path dir;
    private final DeviceKey key;
    private final Predicate<NodeSnapshot> secret;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long sequence;

    private TreeStore(Path dir, DeviceKey key, Predicate<NodeSnapshot> secret) {
        this.dir = dir;
        this.key = key;
        this.secret = secret;
        try {
            this.lockChannel =
                    FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                throw new TreeStoreException("the tree store in " + dir + " is in use by another device agent");
            }
            this.lock = l;
            Files.deleteIfExists(dir.resolve(SNAPSHOT + ".tmp"));
        } catch (IOException e) {
            throw new TreeStoreException("cannot open the tree store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating when needed) the store in {@code dir} with the key file {@value #KEY_FILE} there (created 0600
     * with a random key the first time).
     */
    public static TreeStore open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TreeStoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return new TreeStore(dir, DeviceKey.loadOrCreate(dir.resolve(KEY_FILE)), SECRET_LEAVES);
    }

    /** Opens the store in {@code dir} with a key kept elsewhere and a custom rule for secret leaves. */
    public static TreeStore open(Path dir, DeviceKey key, Predicate<NodeSnapshot> secretLeaves) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TreeStoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return new TreeStore(
                dir, Objects.requireNonNull(key, "key"), Objects.requireNonNull(secretLeaves, "secretLeaves"));
    }

    public Path directory() {
        return dir;
    }

    public Path snapshotFile() {
        return dir.resolve(SNAPSHOT);
    }

    /** The sequence number of the last snapshot read or written (0: none yet). */
    public synchronized long sequence() {
        return sequence;
    }

    /** A stored tree: the commit sequence number and the nodes as {@link ManagementTree#exportNodes()} lists them. */
    public record StoredTree(long sequence, List<NodeSnapshot> nodes) {
        public StoredTree {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * Reads the snapshot; empty when none was ever written.
     *
     * @throws CorruptTreeStoreException when it is damaged
     * @throws WrongDeviceKeyException when it was sealed under another key
     */
    public synchronized Optional<StoredTree> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(snapshotFile());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TreeStoreException("cannot read " + snapshotFile() + ": " + e.getMessage(), e);
        }
        Snapshots.Decoded d = Snapshots.decode(bytes, key);
        sequence = d.sequence();
        return Optional.of(new StoredTree(d.sequence(), d.nodes()));
    }

    /**
     * Restores {@code tree} from the snapshot when there is one.
     *
     * @return true when a stored tree was loaded
     * @throws CorruptTreeStoreException when the snapshot is damaged or does not describe a tree
     */
    public boolean loadInto(ManagementTree tree) {
        Optional<StoredTree> stored = load();
        if (stored.isEmpty()) {
            return false;
        }
        try {
            tree.restore(stored.get().nodes());
        } catch (IllegalArgumentException e) {
            throw new CorruptTreeStoreException("the snapshot does not describe a tree: " + e.getMessage(), e);
        }
        return true;
    }

    /** Writes the current state of {@code tree} as the next snapshot, crash-safely. */
    public synchronized void save(ManagementTree tree) {
        byte[] bytes = Snapshots.encode(sequence + 1, tree.exportNodes(), key, secret);
        try {
            Snapshots.writeAtomically(snapshotFile(), bytes);
        } catch (IOException e) {
            throw new TreeStoreException("cannot write " + snapshotFile() + ": " + e.getMessage(), e);
        }
        sequence++;
    }

    /** From now on, every committed change of {@code tree} is saved before the committing call returns. */
    public void attach(ManagementTree tree) {
        tree.addCommitListener(this::save);
    }

    /** Releases the store's lock. */
    @Override
    public synchronized void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new TreeStoreException("cannot release " + dir.resolve(LOCK_FILE), e);
        }
    }

    @Override
    public String toString() {
        return "TreeStore[" + dir + ", " + key + "]";
    }
}
