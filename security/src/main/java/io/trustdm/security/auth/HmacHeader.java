package io.trustdm.security.auth;

import io.trustdm.security.SecurityFormatException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The value of the {@code x-syncml-hmac} transport header: {@code algorithm=MD5, username="<name>", mac=<base64>}
 * (DM Security 1.2 §5.1.4).
 *
 * <p>The parser follows the RFC 7230 parameter-list grammar instead of stripping whitespace the way one public client
 * does (which breaks names with spaces): parameters in any order, names case-insensitive, optional whitespace around
 * {@code =} and {@code ,}, empty list elements skipped, values as token or quoted-string with {@code \"} escapes.
 * {@code algorithm} is optional and must be MD5; {@code username} and {@code mac} must be present; a repeated
 * parameter is rejected (it could hide a second identity); unknown parameters are ignored. The MAC is base64 of the
 * 16 raw digest octets; missing padding is tolerated, any other length is rejected (the spec's own example carries
 * hex text, which is not accepted).
 */
public final class HmacHeader {
    /** The header name on HTTP, WSP and OBEX. Compare header names case-insensitively. */
    public static final String NAME = "x-syncml-hmac";

    /** The only algorithm DM defines. */
    public static final String MD5 = "MD5";

    /** Longest header value accepted; a real one is well under 200 characters. */
    public static final int MAX_VALUE_CHARS = 2048;

    private static final int MAC_OCTETS = 16;

    private final String algorithm;
    private final String username;
    private final byte[] mac;

    private HmacHeader(String algorithm, String username, byte[] mac) {
        this.algorithm = algorithm;
        this.username = username;
        this.mac = mac;
    }

    /** A header for {@code username} carrying the raw 16-octet {@code mac}. */
    public static HmacHeader of(String username, byte[] mac) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(mac, "mac");
        if (mac.length != MAC_OCTETS) {
            throw new IllegalArgumentException("an x-syncml-hmac MAC has 16 octets, not " + mac.length);
        }
        checkUsername(username);
        return new HmacHeader(MD5, username, mac.clone());
    }

    public String algorithm() {
        return algorithm;
    }

    /** The sender's identity ({@code SyncHdr/Source/LocName} of the sender), used to look up the key. */
    public String username() {
        return username;
    }

    public byte[] mac() {
        return mac.clone();
    }

    byte[] macUnsafe() {
        return mac;
    }

    /** True when {@code headerName} is {@value #NAME} in any case. */
    public static boolean isHeaderName(String headerName) {
        return headerName != null && NAME.equalsIgnoreCase(headerName.strip());
    }

    /** The header value: {@code algorithm=MD5, username="...", mac=...} with padded base64. */
    public String format() {
        StringBuilder sb = new StringBuilder(64 + username.length());
        sb.append("algorithm=").append(algorithm).append(", username=\"");
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append("\", mac=").append(B64.encode(mac));
        return sb.toString();
    }

    /** Parses a received header value. Anything unreadable is a {@link SecurityFormatException} (status 401). */
    public static HmacHeader parse(String value) {
        if (value == null) {
            throw new SecurityFormatException("x-syncml-hmac header is missing");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new SecurityFormatException("x-syncml-hmac header is too long (" + value.length() + " characters)");
        }
        Map<String, String> params = new Parser(value).parameters();
        String algorithm = params.get("algorithm");
        if (algorithm != null && !MD5.equalsIgnoreCase(algorithm)) {
            throw new SecurityFormatException("x-syncml-hmac algorithm " + printable(algorithm) + " is not supported");
        }
        String username = params.get("username");
        if (username == null || username.isEmpty()) {
            throw new SecurityFormatException("x-syncml-hmac header has no username");
        }
        String macText = params.get("mac");
        if (macText == null || macText.isEmpty()) {
            throw new SecurityFormatException("x-syncml-hmac header has no mac");
        }
        byte[] mac = B64.decode(macText, 64, "x-syncml-hmac mac");
        if (mac.length != MAC_OCTETS) {
            throw new SecurityFormatException("x-syncml-hmac mac decodes to " + mac.length + " octets, not 16");
        }
        return new HmacHeader(MD5, username, mac);
    }

    private static void checkUsername(String username) {
        if (username.isEmpty()) {
            throw new IllegalArgumentException("username is empty");
        }
        for (int i = 0; i < username.length(); i++) {
            char c = username.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException("username contains a control character");
            }
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.append('\'').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HmacHeader)) {
            return false;
        }
        HmacHeader h = (HmacHeader) o;
        return algorithm.equals(h.algorithm) && username.equals(h.username) && Arrays.equals(mac, h.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, username, Arrays.hashCode(mac));
    }

    @Override
    public String toString() {
        return "HmacHeader[" + format() + "]";
    }

    /** Recursive-descent parser for {@code #( name OWS "=" OWS ( token / quoted-string ) )}. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, String> parameters() {
            Map<String, String> out = new HashMap<>();
            while (true) {
                skipWhitespace();
                if (pos == s.length()) {
                    return out;
                }
                if (s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                String name = token().toLowerCase(Locale.ROOT);
                skipWhitespace();
                expect('=');
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : bareValue();
                if (out.put(name, value) != null) {
                    throw new SecurityFormatException("x-syncml-hmac parameter " + printable(name) + " is repeated");
                }
                skipWhitespace();
                if (pos < s.length()) {
                    expect(',');
                }
            }
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTchar(s.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error("a parameter name");
            }
            return s.substring(start, pos);
        }

        /** Unquoted value: base64 needs '/' and '=' besides token characters. */
        private String bareValue() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (isTchar(c) || c == '/' || c == '=') {
                    pos++;
                } else {
                    break;
                }
            }
            if (pos == start) {
                throw error("a parameter value");
            }
            return s.substring(start, pos);
        }

        private String quoted() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos == s.length()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new SecurityFormatException("x-syncml-hmac quoted value contains a control character");
                }
                sb.append(c);
            }
            throw new SecurityFormatException("x-syncml-hmac quoted value is not terminated");
        }

        private void skipWhitespace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private SecurityFormatException error(String expected) {
            return new SecurityFormatException(
                    "x-syncml-hmac header: expected " + expected + " at character " + (pos + 1));
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
