package io.trustdm.cli.fleet;

import io.trustdm.client.session.SessionException;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.ServerBusyException;
import io.trustdm.protocol.codec.SyncMlFormatException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Why a simulated session did not complete, as the summary and the JSON report count it. */
public enum ErrorKind {
    /** Credentials or certificate refused: DM status 401/407, HTTP 401/403, or a TLS handshake the server refused. */
    AUTH,
    /** HTTP 503: the Device waited (Retry-After) and tried again. */
    OVERLOADED,
    /** Connection, TLS or timeout failure, or an HTTP error status other than the above. */
    IO,
    /** The server broke the DM protocol, or sent a message that does not decode. */
    PROTOCOL,
    /** The server ended the session with an abort (e.g. a certificate of another device). */
    ABORTED,
    /** Anything else (a bug: run with --verbose). */
    OTHER;

    /** The lower-case name used in the report. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sorts a failure of {@code DeviceAgent.runSession} into a kind. */
    public static ErrorKind of(Throwable t) {
        if (t instanceof ServerBusyException) {
            return OVERLOADED;
        }
        if (t instanceof DmTransportException d) {
            if (d.httpStatus() == 401 || d.httpStatus() == 403) {
                return AUTH;
            }
            for (Throwable c = d.getCause(); c != null; c = c.getCause()) {
                if (c instanceof SSLException) {
                    return AUTH;
                }
            }
            return IO;
        }
        if (t instanceof SessionException s) {
            String m = s.getMessage() == null ? "" : s.getMessage();
            return m.contains("credentials") || m.contains("authentication") ? AUTH : PROTOCOL;
        }
        if (t instanceof SyncMlFormatException) {
            return PROTOCOL;
        }
        return OTHER;
    }
}
