package io.trustdm.security.bootstrap;

import java.util.Locale;
import java.util.Optional;

/**
 * The SEC parameter of a bootstrap push: which key the MAC was made with. Names follow OMA CP (what WAP Push senders
 * put on the wire); DM Security 1.2 calls the first and third {@code NETWORKID} and {@code USERPIN_NETWORKID}, which
 * {@link #fromName(String)} also accepts.
 */
public enum SecurityMethod {
    /** Key = IMSI in semi-octet form. Weak: the IMSI is not secret. */
    NETWPIN(0, "NETWORKID"),
    /** Key = the PIN octets the user enters. */
    USERPIN(1, "USERPIN"),
    /** Key = the NETWPIN key followed by the PIN octets. */
    USERNETWPIN(2, "USERPIN_NETWORKID"),
    /** The user enters PIN and MAC digits; the MAC digits are derived from HMAC-SHA1 keyed with the PIN. */
    USERPINMAC(3, "USERPINMAC");

    private final int wspValue;
    private final String dmName;

    SecurityMethod(int wspValue, String dmName) {
        this.wspValue = wspValue;
        this.dmName = dmName;
    }

    /** The Short-integer value in binary WSP (0..3; on the wire as 0x80..0x83). */
    public int wspValue() {
        return wspValue;
    }

    /** The name DM Security 1.2 uses. */
    public String dmName() {
        return dmName;
    }

    /** The method for a CP or DM name, ignoring case. */
    public static Optional<SecurityMethod> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toUpperCase(Locale.ROOT);
        for (SecurityMethod m : values()) {
            if (m.name().equals(n) || m.dmName.equals(n)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The method for a binary WSP value, with or without the Short-integer high bit. */
    public static Optional<SecurityMethod> fromWspValue(int value) {
        int v = value & 0x7F;
        for (SecurityMethod m : values()) {
            if (m.wspValue == v) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
