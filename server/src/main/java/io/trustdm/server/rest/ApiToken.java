package io.trustdm.server.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The bearer token that guards the REST API and the console: 256 random bits (SecureRandom), created once in the
 * data directory as {@code api-token} with owner-only permissions (0600), and compared in constant time. The token is
 * handed to the operator once, when it is created; it is never logged.
 */
public final class ApiToken {
    /** The file name inside the data directory. */
    public static final String FILE = "api-token";

    private static final int BITS = 256;

    private final byte[] digest;
    private final String value;
    private final boolean created;
    private final Path file;

    private ApiToken(String value, boolean created, Path file) {
        this.value = value;
        this.digest = sha256(value);
        this.created = created;
        this.file = file;
    }

    /** Reads the token from {@code dataDir/api-token}, or creates it there (0600) when absent. */
    public static ApiToken loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
        Objects.requireNonNull(random, "random");
        Path f = dataDir.resolve(FILE);
        if (!Files.exists(f)) {
            byte[] raw = new byte[BITS / 8];
            random.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Files.createDirectories(dataDir);
            try {
                if (Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
                    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
                    Files.createFile(f, PosixFilePermissions.asFileAttribute(owner));
                } else {
                    Files.createFile(f);
                }
                Files.writeString(f, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
                return new ApiToken(token, true, f);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            }
        }
        String token = Files.readString(f, StandardCharsets.US_ASCII).strip();
        if (token.length() < 32) {
            throw new IOException(f + " holds no usable API token (at least 32 characters expected)");
        }
        return new ApiToken(token, false, f);
    }

    /** A token held only in memory (tests, embedded use). */
    public static ApiToken of(String value) {
        if (value == null || value.length() < 32) {
            throw new IllegalArgumentException("an API token has at least 32 characters");
        }
        return new ApiToken(value, false, null);
    }

    /** Whether {@code presented} is this token; the comparison takes the same time wherever they differ. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The token itself, to show the operator once. */
    public String value() {
        return value;
    }

    /** True when this start created the token (so it has not been shown before). */
    public boolean isNew() {
        return created;
    }

    /** Where the token is stored, or {@code null} for an in-memory token. */
    public Path file() {
        return file;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
