package io.trustdm.security.auth;

import java.util.Objects;

/**
 * The keyed-MD5 construction DM uses for transport-neutral integrity and for the notification digest:
 * {@code H(B64(H(name ":" password)) ":" nonce ":" B64(H(data)))}. DM calls it HMAC, but it is not RFC 2104 HMAC; it is
 * kept in one place so that the {@code x-syncml-hmac} MAC and the Package #0 digest cannot drift apart.
 */
public final class KeyedMd5 {
    private KeyedMd5() {}

    /** The raw 16-octet digest over {@code data} (a message body or a notification trigger). */
    public static byte[] digest(DigestKey key, Nonce nonce, byte[] data) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(data, "data");
        byte[] dataDigest = B64.encodeToAscii(Md5.newDigest().digest(data));
        return Md5.joinedWithColons(key.encodedUnsafe(), nonce.octetsUnsafe(), dataDigest);
    }
}
