package io.trustdm.security.auth;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.SecurityFormatException;
import java.util.Objects;
import java.util.Optional;

/**
 * A challenge as it rides on the SyncHdr Status (401, 407, or 200/212 to hand over the next nonce): the scheme the
 * peer must answer with and, for MD5 and HMAC, the NextNonce. The nonce is issued by the side that will verify it.
 *
 * @param scheme    the scheme the peer must use
 * @param nextNonce the nonce for the peer's next credentials; {@code null} for Basic
 */
public record Challenge(AuthScheme scheme, Nonce nextNonce) {
    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
    }

    /** A challenge with a fresh 128-bit nonce (none for Basic). Every challenge gets a new one. */
    public static Challenge issue(AuthScheme scheme) {
        if (!scheme.isSupported()) {
            throw new IllegalArgumentException("cannot challenge for unsupported scheme " + scheme);
        }
        return new Challenge(scheme, scheme == AuthScheme.BASIC ? null : Nonce.random());
    }

    public Optional<Nonce> nonce() {
        return Optional.ofNullable(nextNonce);
    }

    /** The {@code Chal} element: Type, Format {@code b64} (mandatory for MD5 and MAC) and NextNonce. */
    public Chal toChal() {
        Meta.Builder b = Meta.builder().type(scheme.metaType().orElseThrow()).format("b64");
        if (nextNonce != null) {
            b.nextNonce(nextNonce.b64());
        }
        return new Chal(b.build());
    }

    /**
     * Reads a received {@code Chal}. Unknown types and a NextNonce in any format other than {@code b64} are
     * rejected; a known but unsupported type (X509, SecurID, ...) is returned so the policy can end the session.
     */
    public static Challenge fromChal(Chal chal) {
        Objects.requireNonNull(chal, "chal");
        Meta meta = chal.meta();
        AuthScheme scheme = AuthScheme.fromMetaType(meta.type())
                .orElseThrow(() -> new SecurityFormatException("challenge has no or an unknown authentication type"));
        if (meta.format() != null && !"b64".equalsIgnoreCase(meta.format().strip())) {
            throw new SecurityFormatException("challenge Format must be b64");
        }
        Nonce nonce = meta.nextNonce() == null ? null : Nonce.fromB64(meta.nextNonce());
        return new Challenge(scheme, nonce);
    }
}
