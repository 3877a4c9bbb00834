package io.trustdm.server.auth;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.session.ServerAuthenticator;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Authenticates a Device by the TLS client certificate the handshake verified: its subject CN must equal the
 * Device identity in the SyncHdr Source (the DevId). Every message is checked, so a session cannot change identity
 * or move to a connection without the certificate. The server needs no DM-layer credentials toward the Device on
 * this path: mutual TLS authenticated it already.
 */
public final class ClientCertificateAuthenticator implements ServerAuthenticator {
    private final String deviceId;

    public ClientCertificateAuthenticator(String deviceId) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    }

    @Override
    public Verdict verifyDevice(SyncHdr header, DmHttpRequest request) {
        if (!request.isTls() || request.peerCertificates().isEmpty()) {
            return new Verdict(
                    StatusCode.UNAUTHORIZED, null, false, true, "no verified client certificate on this connection");
        }
        X509Certificate leaf = request.peerCertificates().get(0);
        String cn = CertificateAuthority.commonName(leaf);
        if (!deviceId.equals(cn) || !deviceId.equals(header.source().locUri())) {
            return new Verdict(
                    StatusCode.UNAUTHORIZED,
                    null,
                    false,
                    true,
                    "client certificate identifies '" + cn + "', not the device '"
                            + header.source().locUri() + "'");
        }
        return new Verdict(StatusCode.AUTHENTICATION_ACCEPTED, null, true, false, "client certificate bound to device");
    }

    @Override
    public Cred credentials() {
        return null;
    }

    @Override
    public void onDeviceStatus(int status, Chal challenge) {
        // the Device authenticated the server at the TLS layer; nothing to do at the DM layer
    }

    @Override
    public String sign(byte[] body) {
        return null;
    }
}
