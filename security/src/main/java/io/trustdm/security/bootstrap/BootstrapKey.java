package io.trustdm.security.bootstrap;

import io.trustdm.security.Secret;
import java.util.Arrays;
import java.util.Objects;

/**
 * The HMAC-SHA1 key for one SEC method, derived the way deployed CP senders and receivers derive it. USERNETWPIN is
 * the NETWPIN key followed by the PIN octets with no separator; DM Security 1.2's differing "PIN:secret" wording has
 * no known implementation and is not offered (see docs/SECURITY.md).
 */
public final class BootstrapKey {
    private final SecurityMethod method;
    private final Secret key;

    private BootstrapKey(SecurityMethod method, Secret key) {
        this.method = method;
        this.key = key;
    }

    public static BootstrapKey netwpin(Imsi imsi) {
        return new BootstrapKey(SecurityMethod.NETWPIN, Secret.ofBytes(imsi.semiOctets()));
    }

    public static BootstrapKey userpin(Secret pin) {
        return new BootstrapKey(SecurityMethod.USERPIN, Secret.ofBytes(nonEmpty(pin)));
    }

    public static BootstrapKey usernetwpin(Imsi imsi, Secret pin) {
        byte[] net = imsi.semiOctets();
        byte[] p = nonEmpty(pin);
        byte[] k = Arrays.copyOf(net, net.length + p.length);
        System.arraycopy(p, 0, k, net.length, p.length);
        Arrays.fill(p, (byte) 0);
        try {
            return new BootstrapKey(SecurityMethod.USERNETWPIN, Secret.ofBytes(k));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** The key for USERPINMAC: the PIN half of what the user types. */
    public static BootstrapKey userpinmac(Secret pin) {
        return new BootstrapKey(SecurityMethod.USERPINMAC, Secret.ofBytes(nonEmpty(pin)));
    }

    private static byte[] nonEmpty(Secret pin) {
        Objects.requireNonNull(pin, "pin");
        byte[] b = pin.bytes();
        if (b.length == 0) {
            throw new IllegalArgumentException("PIN is empty");
        }
        return b;
    }

    public SecurityMethod method() {
        return method;
    }

    /** A copy of the key octets; wipe after use. */
    public byte[] keyOctets() {
        return key.bytes();
    }

    @Override
    public String toString() {
        return "BootstrapKey[" + method + ", key=<hidden>]";
    }
}
