package io.trustdm.tree.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The device's storage key: 256 random bits (SecureRandom) in a file readable by the owner only (0600), next to the
 * data it protects. It seals secret leaf values with AES-256-GCM; the node's URI is the additional authenticated data,
 * so a sealed secret moved to another node (say, from one account to another) no longer opens. The key never leaves
 * this object and never appears in {@link #toString()}.
 *
 * <p>The key file lies next to the data, so it protects copies of the snapshot (backups, support bundles, a file
 * sent by mistake), not an attacker who can read the whole directory; a device with a hardware keystore should supply
 * the key from there through {@link #of(byte[])}.
 */
public final class DeviceKey {
    /** Length of the key file: a raw AES-256 key. */
    public static final int KEY_BYTES = 32;

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] AAD_PREFIX = "trustdm tree secret v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_LABEL = "trustdm device key id v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final byte[] id;
    private final SecureRandom random;

    private DeviceKey(byte[] material, SecureRandom random) {
        this.key = new SecretKeySpec(material, "AES");
        this.random = random;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material, "HmacSHA256"));
            this.id = Arrays.copyOf(mac.doFinal(ID_LABEL), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A key from material the device keeps elsewhere (a keystore). */
    public static DeviceKey of(byte[] material) {
        if (Objects.requireNonNull(material, "material").length != KEY_BYTES) {
            throw new IllegalArgumentException("a device key has " + KEY_BYTES + " bytes");
        }
        return new DeviceKey(material.clone(), new SecureRandom());
    }

    /**
     * Reads the key file, or creates it with a fresh random key when it does not exist. Creation is crash-safe: the
     * key is written to a temporary file created with mode 0600, forced to disk and renamed into place, so the file
     * either does not exist or holds a whole key.
     *
     * @throws TreeStoreException when the file has the wrong length or others may read it
     */
    public static DeviceKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            checkPermissions(file);
            byte[] material = Files.readAllBytes(file);
            if (material.length != KEY_BYTES) {
                throw new TreeStoreException(
                        "device key file " + file + " holds " + material.length + " bytes, not " + KEY_BYTES);
            }
            return new DeviceKey(material, new SecureRandom());
        } catch (IOException e) {
            throw new TreeStoreException("cannot read or create the device key " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] material = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(material);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (isPosix(dir)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(material));
            ch.force(true);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // another process created it first: use theirs
        }
        Snapshots.forceDirectory(dir);
    }

    private static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                throw new TreeStoreException("device key file " + file + " is accessible to others ("
                        + PosixFilePermissions.toString(perms) + "); it must be 0600");
            }
        }
    }

    /** Identifies the key without revealing it (HMAC-SHA256 of a fixed label, 16 bytes). */
    public byte[] id() {
        return id.clone();
    }

    /** True when {@code otherId} names this key (constant-time comparison). */
    public boolean matches(byte[] otherId) {
        return MessageDigest.isEqual(id, otherId);
    }

    /** IV (12 random bytes) followed by the AES-GCM ciphertext and tag of {@code plain}, bound to {@code uri}. */
    byte[] seal(String uri, byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(uri));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[IV_BYTES + ct.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Opens what {@link #seal} made for the same {@code uri}.
     *
     * @throws CorruptTreeStoreException when the tag does not verify (tampered, truncated or moved)
     */
    byte[] open(String uri, byte[] sealed) {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new CorruptTreeStoreException("sealed value of " + uri + " is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            c.updateAAD(aad(uri));
            return c.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new CorruptTreeStoreException("sealed value of " + uri + " does not verify", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] aad(String uri) {
        byte[] u = uri.getBytes(StandardCharsets.UTF_8);
        byte[] a = Arrays.copyOf(AAD_PREFIX, AAD_PREFIX.length + u.length);
        System.arraycopy(u, 0, a, AAD_PREFIX.length, u.length);
        return a;
    }

    @Override
    public String toString() {
        return "DeviceKey[id=" + java.util.HexFormat.of().formatHex(id, 0, 4) + "…]";
    }
}
