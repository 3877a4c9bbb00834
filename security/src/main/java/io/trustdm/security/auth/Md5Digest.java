package io.trustdm.security.auth;

import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.SecurityFormatException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code syncml:auth-md5} (DM Security 1.2 §5.1.3.2): {@code Cred/Data} = B64(H(B64(H(name ":" password)) ":"
 * nonce)), where the nonce is the <em>decoded</em> octets of the NextNonce the verifier issued. The user name itself
 * is not in the digest; the client puts it in {@code SyncHdr/Source/LocName} so the verifier can find the account.
 */
public final class Md5Digest {
    private Md5Digest() {}

    /** The raw 16-octet digest. */
    public static byte[] compute(DigestKey key, Nonce nonce) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        return Md5.joinedWithColons(key.encodedUnsafe(), nonce.octetsUnsafe());
    }

    /** The {@code Cred/Data} text (24 characters). */
    public static String credData(DigestKey key, Nonce nonce) {
        return B64.encode(compute(key, nonce));
    }

    public static String credData(Credentials credentials, Nonce nonce) {
        return credData(credentials.digestKey(), nonce);
    }

    /** A complete {@code Cred}: Type {@code syncml:auth-md5}, Format {@code b64} (which DM makes mandatory). */
    public static Cred toCred(DigestKey key, Nonce nonce) {
        return new Cred(meta(), credData(key, nonce));
    }

    static Meta meta() {
        return Meta.ofFormatAndType("b64", AuthScheme.MD5.metaType().orElseThrow());
    }

    /** Constant-time check of received {@code Cred/Data}; unreadable data is simply wrong. */
    public static boolean verify(DigestKey key, Nonce nonce, String credData) {
        byte[] expected = compute(key, nonce);
        byte[] received;
        try {
            received = B64.decode(credData, 64, "MD5 credentials");
        } catch (SecurityFormatException e) {
            return false;
        }
        boolean ok = MessageDigest.isEqual(expected, received);
        Arrays.fill(expected, (byte) 0);
        return ok;
    }
}
