package io.trustdm.security.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 over concatenated parts. MD5 is mandated by DM; every JDK provides it. */
final class Md5 {
    static final byte COLON = 0x3A;

    private Md5() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide MD5", e);
        }
    }

    /** H(parts[0] ":" parts[1] ":" ...). */
    static byte[] joinedWithColons(byte[]... parts) {
        MessageDigest md = newDigest();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                md.update(COLON);
            }
            md.update(parts[i]);
        }
        return md.digest();
    }
}
