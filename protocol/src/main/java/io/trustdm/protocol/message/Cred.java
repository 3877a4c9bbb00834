package io.trustdm.protocol.message;

import java.util.Objects;

/**
 * Credentials in the SyncHdr: the scheme in {@code meta.type()} ({@code syncml:auth-basic}, {@code syncml:auth-md5})
 * and the encoded proof in {@code data}. Never logged: {@link #toString()} hides the data.
 */
public record Cred(Meta meta, String data) {
    public Cred {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "Cred[meta=" + meta + ", data=<" + data.length() + " chars hidden>]";
    }
}
