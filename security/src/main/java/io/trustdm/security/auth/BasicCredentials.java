package io.trustdm.security.auth;

import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.Secret;
import io.trustdm.security.SecurityFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code syncml:auth-basic}: {@code Cred/Data} = B64(name ":" password). It puts a clear password on the wire, so the
 * policy only lets it travel over a channel with confidentiality and an authenticated recipient.
 */
public final class BasicCredentials {
    /** Longest {@code Cred/Data} accepted for Basic. */
    static final int MAX_DATA_CHARS = 4096;

    private BasicCredentials() {}

    /** The {@code Cred/Data} text. */
    public static String encode(Credentials credentials) {
        byte[] name = credentials.username().getBytes(StandardCharsets.UTF_8);
        for (byte b : name) {
            if (b == Md5.COLON) {
                throw new IllegalArgumentException("a Basic user name cannot contain ':'");
            }
        }
        byte[] pwd = credentials.password().bytes();
        byte[] joined = new byte[name.length + 1 + pwd.length];
        System.arraycopy(name, 0, joined, 0, name.length);
        joined[name.length] = Md5.COLON;
        System.arraycopy(pwd, 0, joined, name.length + 1, pwd.length);
        try {
            return B64.encode(joined);
        } finally {
            Arrays.fill(pwd, (byte) 0);
            Arrays.fill(joined, (byte) 0);
        }
    }

    /** A complete {@code Cred} element: Type {@code syncml:auth-basic}, Format {@code b64}. */
    public static Cred toCred(Credentials credentials) {
        return new Cred(meta(), encode(credentials));
    }

    static Meta meta() {
        return Meta.ofFormatAndType("b64", AuthScheme.BASIC.metaType().orElseThrow());
    }

    /** Splits received {@code Cred/Data} at the first colon (the password may contain colons). */
    public static Credentials decode(String credData) {
        byte[] raw = B64.decode(credData, MAX_DATA_CHARS, "Basic credentials");
        try {
            int colon = -1;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == Md5.COLON) {
                    colon = i;
                    break;
                }
            }
            if (colon < 0) {
                throw new SecurityFormatException("Basic credentials have no ':' between name and password");
            }
            String name;
            try {
                name = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw, 0, colon))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new SecurityFormatException("Basic user name is not UTF-8", e);
            }
            return new Credentials(name, Secret.ofBytes(Arrays.copyOfRange(raw, colon + 1, raw.length)));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
