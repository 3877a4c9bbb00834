package io.trustdm.security.auth;

import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.SecurityFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Checks a peer's DM-level evidence against one account: the name and {@link DigestKey} the verifier holds for that
 * peer (on a server, the device's CLCRED; on a device, the server's SRVCRED). It only needs the digest key, never the
 * clear password, and it works the same on both sides.
 *
 * <p>The nonce passed in is the one this side issued in its last challenge. It is used exactly as issued: unlike one
 * public engine this verifier does not retry with the base64 text of the nonce, which would double the guesses an
 * attacker gets.
 */
public final class CredentialVerifier {
    private final String username;
    private final DigestKey key;

    public CredentialVerifier(String username, DigestKey key) {
        this.username = Objects.requireNonNull(username, "username");
        this.key = Objects.requireNonNull(key, "key");
    }

    public CredentialVerifier(Credentials expected) {
        this(expected.username(), expected.digestKey());
    }

    /** The user name the peer must present. */
    public String username() {
        return username;
    }

    /**
     * Verifies the {@code Cred} of a received SyncHdr ({@code null} when it had none). {@code issuedNonce} may be
     * {@code null} when this side never issued one; MD5 then cannot verify.
     */
    public VerificationResult verifyCred(Cred cred, Nonce issuedNonce) {
        if (cred == null) {
            return VerificationResult.missing();
        }
        Meta meta = cred.meta() == null ? Meta.EMPTY : cred.meta();
        AuthScheme scheme = AuthScheme.fromMetaType(meta.type()).orElse(null);
        if (scheme == null) {
            return VerificationResult.malformed(null, "Cred has no or an unknown authentication type");
        }
        String format = meta.format() == null ? null : meta.format().strip();
        switch (scheme) {
            case BASIC:
                if (format != null && !"b64".equalsIgnoreCase(format)) {
                    return VerificationResult.malformed(scheme, "Basic Cred Format must be b64");
                }
                return verifyBasic(cred.data());
            case MD5:
                if (!"b64".equalsIgnoreCase(format)) {
                    return VerificationResult.malformed(scheme, "MD5 Cred Format must be given and be b64");
                }
                if (issuedNonce == null) {
                    return VerificationResult.invalid(scheme, "no nonce was issued to the peer");
                }
                return Md5Digest.verify(key, issuedNonce, cred.data())
                        ? VerificationResult.valid(scheme)
                        : VerificationResult.invalid(scheme, "MD5 digest does not match");
            case HMAC:
                return VerificationResult.malformed(scheme, "an HMAC travels in x-syncml-hmac, never in Cred");
            default:
                return VerificationResult.unsupported(scheme);
        }
    }

    private VerificationResult verifyBasic(String data) {
        Credentials presented;
        try {
            presented = BasicCredentials.decode(data);
        } catch (SecurityFormatException e) {
            return VerificationResult.malformed(AuthScheme.BASIC, e.getMessage());
        }
        DigestKey presentedKey = presented.digestKey();
        try {
            boolean keyOk = presentedKey.matches(key);
            boolean nameOk = MessageDigest.isEqual(
                    presented.username().getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
            return keyOk & nameOk
                    ? VerificationResult.valid(AuthScheme.BASIC)
                    : VerificationResult.invalid(AuthScheme.BASIC, "Basic name or password does not match");
        } finally {
            presentedKey.destroy();
            presented.password().destroy();
        }
    }

    /**
     * Verifies the {@value HmacHeader#NAME} header value ({@code null} when absent) over the received body octets.
     */
    public VerificationResult verifyHmac(String headerValue, Nonce issuedNonce, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (headerValue == null) {
            return VerificationResult.missing(AuthScheme.HMAC);
        }
        HmacHeader header;
        try {
            header = HmacHeader.parse(headerValue);
        } catch (SecurityFormatException e) {
            return VerificationResult.malformed(AuthScheme.HMAC, e.getMessage());
        }
        if (issuedNonce == null) {
            return VerificationResult.invalid(AuthScheme.HMAC, "no nonce was issued to the peer");
        }
        return SyncMlHmac.verify(header, username, key, issuedNonce, body)
                ? VerificationResult.valid(AuthScheme.HMAC)
                : VerificationResult.invalid(AuthScheme.HMAC, "x-syncml-hmac user name or MAC does not match");
    }
}
