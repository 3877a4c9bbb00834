package io.trustdm.server.auth;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.CredentialVerifier;
import io.trustdm.security.auth.Md5Digest;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.SyncMlHmac;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.policy.InboundMessage;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.Obligation;
import io.trustdm.security.policy.OutboundMessage;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.policy.SessionSecurityState;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TlsProfile;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.session.ServerAuthenticator;
import java.util.Objects;
import java.util.Set;

/**
 * The server's authenticator for one session, deciding every message through the {@link MessageSecurityPolicy}:
 * transport authentication and integrity when the connection has them (a TLS client certificate must be bound to
 * the Device identity to count), otherwise a valid x-syncml-hmac on every message in both directions; DM credentials
 * (Basic only with confidentiality, MD5, HMAC) per the account; challenges with fresh nonces that are stored at once.
 */
public final class PolicyAuthenticator implements ServerAuthenticator {
    private final DeviceAccount account;
    private final DeviceAccounts accounts;
    private final MessageSecurityPolicy policy;
    private final CredentialVerifier verifier;
    private SessionSecurityState state = SessionSecurityState.initial();
    private TransportSecurity lastTransport;
    private boolean deviceAuthenticated;

    public PolicyAuthenticator(DeviceAccount account, DeviceAccounts accounts, MessageSecurityPolicy policy) {
        this.account = Objects.requireNonNull(account, "account");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.verifier =
                account.clientKey() == null ? null : new CredentialVerifier(account.clientName(), account.clientKey());
    }

    /**
     * The transport facts of a request: TLS (HTTPS or OBEX) with a client certificate bound to this Device, TLS, or a
     * plain channel (HTTP, OBEX over TCP).
     */
    static TransportSecurity transportOf(DmHttpRequest request, String deviceId) {
        boolean obex = request.channel() == ChannelKind.OBEX_TCP || request.channel() == ChannelKind.OBEX_TLS;
        if (!request.isTls()) {
            return obex ? TransportSecurity.obexOverTcp() : TransportSecurity.plainHttp();
        }
        return TransportSecurity.fromServerTlsSession(
                obex ? ChannelKind.OBEX_TLS : ChannelKind.HTTPS,
                request.tlsSession(),
                certificateBound(request, deviceId),
                TlsProfile.MODERN);
    }

    static boolean certificateBound(DmHttpRequest request, String deviceId) {
        return !request.peerCertificates().isEmpty()
                && deviceId.equals(CertificateAuthority.commonName(
                        request.peerCertificates().get(0)));
    }

    @Override
    public Verdict verifyDevice(SyncHdr header, DmHttpRequest request) {
        String deviceId = account.deviceId();
        if (!deviceId.equals(header.source().locUri())) {
            return new Verdict(StatusCode.UNAUTHORIZED, null, false, true, "session moved to another device identity");
        }
        if (account.certificateRequired() && !certificateBound(request, deviceId)) {
            return new Verdict(
                    StatusCode.UNAUTHORIZED,
                    null,
                    false,
                    true,
                    "account requires a TLS client certificate bound to " + deviceId);
        }
        TransportSecurity transport = transportOf(request, deviceId);
        lastTransport = transport;
        Nonce issued = accounts.clientNonce(deviceId);
        VerificationResult cred = VerificationResult.missing();
        VerificationResult hmac = VerificationResult.missing(AuthScheme.HMAC);
        if (verifier != null) {
            cred = verifier.verifyCred(header.cred(), issued);
            hmac = verifier.verifyHmac(request.hmacHeader(), issued, request.body());
        } else if (header.cred() != null || request.hmacHeader() != null) {
            cred = VerificationResult.invalid(null, "this account has no DM credentials");
        }
        SecurityDecision d = policy.decideInbound(
                transport, account.security(), new InboundMessage(Party.CLIENT, deviceId, cred, hmac, state));
        state = state.after(d);
        Chal chal = null;
        if (d.challengeToSend().isPresent()) {
            Challenge c = d.challengeToSend().get();
            c.nonce().ifPresent(n -> accounts.storeClientNonce(deviceId, n));
            chal = c.toChal();
        }
        boolean accepted = d.verdict() == io.trustdm.security.policy.Verdict.ACCEPT;
        deviceAuthenticated = accepted;
        int status = d.dmStatus().orElse(accepted ? StatusCode.AUTHENTICATION_ACCEPTED : StatusCode.UNAUTHORIZED);
        boolean terminate = d.verdict() == io.trustdm.security.policy.Verdict.TERMINATE
                || d.verdict() == io.trustdm.security.policy.Verdict.REFUSE;
        return new Verdict(status, chal, accepted, terminate, d.reason());
    }

    @Override
    public Cred credentials() {
        // The account's server scheme, not the Device's, decides (the two directions are independent): an MD5 Cred
        // with the Device's ServerNonce when it is MD5. NONE and HMAC send no Cred (HMAC travels in x-syncml-hmac).
        if (account.serverScheme() == ServerCredentialScheme.MD5) {
            Nonce n = accounts.serverNonce(account.deviceId());
            if (n != null) {
                return Md5Digest.toCred(account.serverKey(), n);
            }
        }
        return null;
    }

    @Override
    public void onDeviceStatus(int status, Chal challenge) {
        if (challenge == null) {
            return;
        }
        Challenge c = Challenge.fromChal(challenge);
        // S-SEC §5.1.3.4: a nonce from an unauthenticated peer may be used but is not stored.
        if (deviceAuthenticated) {
            c.nonce().ifPresent(n -> accounts.storeServerNonce(account.deviceId(), n));
        }
    }

    @Override
    public String sign(byte[] body) {
        if (lastTransport == null) {
            return null;
        }
        boolean attachable = account.serverKey() != null
                && account.serverName() != null
                && accounts.serverNonce(account.deviceId()) != null;
        SecurityDecision d = policy.decideOutbound(
                lastTransport,
                account.security(),
                new OutboundMessage(
                        Party.SERVER,
                        account.deviceId(),
                        null,
                        // The account's server scheme asks for the HMAC, independent of the Device's scheme, as soon
                        // as a ServerNonce exists. Without one only a channel lacking transport authentication and
                        // integrity demands it, and then the policy refuses to send unsigned (fail closed).
                        account.serverScheme() == ServerCredentialScheme.HMAC && attachable,
                        attachable,
                        Set.of()));
        if (d.verdict() == io.trustdm.security.policy.Verdict.REFUSE) {
            throw new IllegalStateException("refusing to send to " + account.deviceId() + ": " + d.reason());
        }
        if (!d.requires(Obligation.ATTACH_HMAC)) {
            return null;
        }
        return SyncMlHmac.sign(
                        account.serverName(), account.serverKey(), accounts.serverNonce(account.deviceId()), body)
                .format();
    }
}
