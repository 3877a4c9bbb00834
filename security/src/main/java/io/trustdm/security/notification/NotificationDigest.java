package io.trustdm.security.notification;

import io.trustdm.security.Secret;
import io.trustdm.security.SecurityFormatException;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.KeyedMd5;
import io.trustdm.security.auth.Nonce;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Package #0 digest: {@code H(B64(H(server-identifier ":" password)) ":" nonce ":" B64(H(trigger)))}, where the
 * trigger is every octet after the 16-octet digest, the password is the server's secret as the device knows it
 * (SRVCRED {@code AAuthSecret}) and the nonce is the current ServerNonce (SRVCRED {@code AAuthData}, raw octets).
 *
 * <p>A device that fails to verify with its stored nonce SHOULD retry with the resynchronisation nonce before it
 * ignores the trigger. That fallback accepts the same trigger forever, so the caller must rate-limit it and must not
 * persist anything until the following session authenticated both ways.
 */
public final class NotificationDigest {
    /** Octets of the digest at the start of Package #0. */
    public static final int DIGEST_OCTETS = 16;

    private NotificationDigest() {}

    /** Which nonce a verified digest was computed with. */
    public enum Outcome {
        /** The stored ServerNonce: the normal case. */
        STORED_NONCE,
        /** The resynchronisation nonce: the session must re-establish nonces and should be rate-limited. */
        RESYNC_NONCE,
        /** No nonce matched: ignore the trigger, open no session, send no reply. */
        REJECTED
    }

    /** Which resynchronisation nonces to try after the stored one fails. */
    public enum ResyncMode {
        /** No fallback. */
        NONE,
        /** Four zero octets, as most clients read "0x00000000" (the default). */
        ZERO_OCTETS,
        /** Four zero octets, then the ten ASCII characters {@code 0x00000000} for interop with one client. */
        ZERO_OCTETS_THEN_ASCII
    }

    /**
     * The identifier that enters the digest: SRVCRED {@code AAuthName}, or the ServerID when AAuthName is empty.
     * Public clients disagree on the two; they are equal in practice and operators should keep them equal.
     */
    public static String identifier(String aauthName, String serverId) {
        if (aauthName != null && !aauthName.isEmpty()) {
            return aauthName;
        }
        return Objects.requireNonNull(serverId, "serverId");
    }

    /** The raw 16-octet digest over {@code trigger}. */
    public static byte[] compute(String serverIdentifier, Secret serverPassword, Nonce serverNonce, byte[] trigger) {
        DigestKey key = DigestKey.of(serverIdentifier, serverPassword);
        try {
            return compute(key, serverNonce, trigger);
        } finally {
            key.destroy();
        }
    }

    public static byte[] compute(DigestKey key, Nonce serverNonce, byte[] trigger) {
        return KeyedMd5.digest(key, serverNonce, trigger);
    }

    /** The full Package #0: the digest followed by {@code trigger}. */
    public static byte[] seal(DigestKey key, Nonce serverNonce, byte[] trigger) {
        byte[] digest = compute(key, serverNonce, trigger);
        byte[] out = Arrays.copyOf(digest, DIGEST_OCTETS + trigger.length);
        System.arraycopy(trigger, 0, out, DIGEST_OCTETS, trigger.length);
        return out;
    }

    /** Constant-time check of {@code digest} over {@code trigger} with one nonce. */
    public static boolean verify(DigestKey key, Nonce nonce, byte[] trigger, byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        byte[] expected = compute(key, nonce, trigger);
        return MessageDigest.isEqual(expected, digest);
    }

    /** Checks with the stored nonce, then with the resynchronisation nonce(s) {@code mode} allows. */
    public static Outcome verifyWithResync(
            DigestKey key, Nonce storedNonce, byte[] trigger, byte[] digest, ResyncMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (storedNonce != null && verify(key, storedNonce, trigger, digest)) {
            return Outcome.STORED_NONCE;
        }
        if (mode != ResyncMode.NONE && verify(key, Nonce.RESYNC, trigger, digest)) {
            return Outcome.RESYNC_NONCE;
        }
        if (mode == ResyncMode.ZERO_OCTETS_THEN_ASCII && verify(key, Nonce.RESYNC_ASCII, trigger, digest)) {
            return Outcome.RESYNC_NONCE;
        }
        return Outcome.REJECTED;
    }

    /**
     * Splits a received Package #0 into digest and trigger and verifies it. Input shorter than the digest plus one
     * octet is a {@link SecurityFormatException} (status 400); the caller drops such a message silently.
     */
    public static Outcome verifyPackage(DigestKey key, Nonce storedNonce, byte[] package0, ResyncMode mode) {
        Objects.requireNonNull(package0, "package0");
        if (package0.length <= DIGEST_OCTETS) {
            throw new SecurityFormatException(
                    "Package #0 of " + package0.length + " octets has no trigger after the digest", 400, null);
        }
        byte[] digest = Arrays.copyOfRange(package0, 0, DIGEST_OCTETS);
        byte[] trigger = Arrays.copyOfRange(package0, DIGEST_OCTETS, package0.length);
        return verifyWithResync(key, storedNonce, trigger, digest, mode);
    }
}
