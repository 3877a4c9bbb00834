package io.trustdm.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (the Devices' digest keys) before they are written to a table, so a copy of the database or a backup
 * alone gives no credentials away. AES-256-GCM with a fresh 96-bit IV from {@link SecureRandom} per value; the
 * associated data names the row and column ({@code dm_account/<deviceId>/client_key}), so a sealed value copied into
 * another Device's row does not open. Layout: version octet {@code 1} ‖ IV (12) ‖ ciphertext ‖ tag (16).
 *
 * <p>The key is 32 random octets in {@code secrets.key} in the data directory, created with mode 0600 (owner only) on
 * first use. Losing the file makes the sealed keys unreadable: back it up separately from the database. Thread-safe.
 */
public final class SecretSealer {
    /** Name of the key file in the data directory. */
    public static final String KEY_FILE = "secrets.key";

    private static final byte VERSION = 1;
    private static final int KEY_OCTETS = 32;
    private static final int IV_OCTETS = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private SecretSealer(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** Loads {@code dataDir/secrets.key}, creating it (0600, 32 random octets) when it does not exist. */
    public static SecretSealer loadOrCreate(Path dataDir, SecureRandom random) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(random, "random");
        Path file = dataDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] k = new byte[KEY_OCTETS];
                random.nextBytes(k);
                try {
                    create(file, k);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } finally {
                    Arrays.fill(k, (byte) 0);
                }
            }
            checkPermissions(file);
            byte[] k = Files.readAllBytes(file);
            try {
                if (k.length != KEY_OCTETS) {
                    throw new StorageException(file + " must hold " + KEY_OCTETS + " octets, not " + k.length);
                }
                return new SecretSealer(k, random);
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        } catch (IOException e) {
            throw new StorageException("cannot read or create " + file, e);
        }
    }

    private static void create(Path file, byte[] k) throws IOException {
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } else {
            Files.createFile(file);
        }
        Files.write(file, k, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            return;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        for (PosixFilePermission bad : Set.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE)) {
            if (p.contains(bad)) {
                throw new StorageException(file + " is readable or writable by others ("
                        + PosixFilePermissions.toString(p) + "); it must be 0600");
            }
        }
    }

    /** Seals {@code plain} for the place named by {@code context} (table/row/column). */
    public byte[] seal(byte[] plain, String context) {
        Objects.requireNonNull(plain, "plain");
        byte[] iv = new byte[IV_OCTETS];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain);
            return ByteBuffer.allocate(1 + IV_OCTETS + ct.length)
                    .put(VERSION)
                    .put(iv)
                    .put(ct)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Opens a value sealed for {@code context}.
     *
     * @throws SealedValueException if the value was altered, moved to another row or sealed under another key
     */
    public byte[] open(byte[] sealed, String context) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < 1 + IV_OCTETS + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SealedValueException("not a sealed value of version " + VERSION + " (" + context + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_OCTETS));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + IV_OCTETS, sealed.length - 1 - IV_OCTETS);
        } catch (AEADBadTagException e) {
            throw new SealedValueException("sealed value does not open for " + context
                    + " (altered, copied from another row, or another secrets.key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** A sealed value that does not open: tampering, a row swap, or the wrong key file. */
    public static final class SealedValueException extends StorageException {
        private static final long serialVersionUID = 1L;

        SealedValueException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "SecretSealer[AES-256-GCM, key hidden]";
    }
}
