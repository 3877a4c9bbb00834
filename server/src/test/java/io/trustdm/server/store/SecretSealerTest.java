package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSealerTest {
    @TempDir
    Path dir;

    private static final byte[] KEY = "Zz9SHFdZ9ud1J9V4rYKCvA==".getBytes(StandardCharsets.US_ASCII);

    @Test
    void key_file_is_created_with_mode_0600_and_32_random_octets() throws Exception {
        SecretSealer.loadOrCreate(dir, new SecureRandom());
        Path key = dir.resolve(SecretSealer.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(Files.size(key)).isEqualTo(32);
    }

    @Test
    void the_same_key_file_opens_what_it_sealed_after_a_restart() {
        byte[] sealed = SecretSealer.loadOrCreate(dir, new SecureRandom()).seal(KEY, "dm_account/a/client_key");
        byte[] opened = SecretSealer.loadOrCreate(dir, new SecureRandom()).open(sealed, "dm_account/a/client_key");
        assertThat(opened).isEqualTo(KEY);
    }

    @Test
    void each_seal_uses_a_fresh_iv() {
        SecretSealer s = SecretSealer.loadOrCreate(dir, new SecureRandom());
        assertThat(s.seal(KEY, "c")).isNotEqualTo(s.seal(KEY, "c"));
    }

    @Test
    void a_tampered_value_or_another_context_or_another_key_file_does_not_open(@TempDir Path other) {
        SecretSealer s = SecretSealer.loadOrCreate(dir, new SecureRandom());
        byte[] sealed = s.seal(KEY, "dm_account/a/client_key");
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 20] ^= 1;

        assertThatThrownBy(() -> s.open(flipped, "dm_account/a/client_key"))
                .isInstanceOf(SecretSealer.SealedValueException.class);
        assertThatThrownBy(() -> s.open(sealed, "dm_account/b/client_key"))
                .isInstanceOf(SecretSealer.SealedValueException.class);
        assertThatThrownBy(() ->
                        SecretSealer.loadOrCreate(other, new SecureRandom()).open(sealed, "dm_account/a/client_key"))
                .isInstanceOf(SecretSealer.SealedValueException.class);
    }

    @Test
    void a_key_file_readable_by_others_is_refused() throws Exception {
        SecretSealer.loadOrCreate(dir, new SecureRandom());
        Files.setPosixFilePermissions(dir.resolve(SecretSealer.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretSealer.loadOrCreate(dir, new SecureRandom()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("0600");
    }

    @Test
    void the_sealer_never_prints_its_key() throws Exception {
        String text = SecretSealer.loadOrCreate(dir, new SecureRandom()).toString();
        byte[] key = Files.readAllBytes(dir.resolve(SecretSealer.KEY_FILE));
        assertThat(text)
                .doesNotContain(java.util.HexFormat.of().formatHex(key))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
    }
}
