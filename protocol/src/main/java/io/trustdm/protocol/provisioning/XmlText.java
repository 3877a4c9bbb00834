package io.trustdm.protocol.provisioning;

/** The characters a provisioning document can carry: those of XML 1.0, so every model has an XML and WBXML form. */
final class XmlText {
    private XmlText() {}

    /** Index of the first character XML 1.0 cannot hold (NUL, most C0 controls, lone surrogates, U+FFFE/FFFF), or -1. */
    static int firstInvalid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800 || c == 0x9 || c == 0xA || c == 0xD || c >= 0xE000 && c <= 0xFFFD) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    static String require(String s, String what) {
        if (s == null) {
            throw new NullPointerException(what);
        }
        int bad = firstInvalid(s);
        if (bad >= 0) {
            throw new IllegalArgumentException(what + " holds a character XML cannot carry at index " + bad);
        }
        return s;
    }
}
