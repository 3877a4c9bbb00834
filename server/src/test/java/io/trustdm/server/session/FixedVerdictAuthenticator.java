package io.trustdm.server.session;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.server.http.DmHttpRequest;

/**
 * A ServerAuthenticator for session tests that are not about authentication: it gives every Device message the same
 * verdict and neither sends credentials nor signs.
 */
record FixedVerdictAuthenticator(ServerAuthenticator.Verdict verdict) implements ServerAuthenticator {
    /** Every Device is authenticated (200). */
    static final ServerAuthenticator TRUSTING =
            new FixedVerdictAuthenticator(new Verdict(200, null, true, false, "test"));

    /** No Device ever gets in (401): a known DevId without its secret. */
    static final ServerAuthenticator NEVER_AUTHENTICATED =
            new FixedVerdictAuthenticator(new Verdict(401, null, false, false, "test: no valid credentials"));

    @Override
    public Verdict verifyDevice(SyncHdr header, DmHttpRequest request) {
        return verdict;
    }

    @Override
    public Cred credentials() {
        return null;
    }

    @Override
    public void onDeviceStatus(int status, Chal challenge) {}

    @Override
    public String sign(byte[] body) {
        return null;
    }
}
