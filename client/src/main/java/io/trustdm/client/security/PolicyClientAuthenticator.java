package io.trustdm.client.security;

import io.trustdm.client.session.ClientAuthenticator;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.transport.DmReply;
import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.BasicCredentials;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.CredentialVerifier;
import io.trustdm.security.auth.Md5Digest;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.SyncMlHmac;
import io.trustdm.security.auth.VerificationResult;
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
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The Device's authenticator for one session. It learns the transport of every reply (feed it each
 * {@link DmReply} through {@link #accept(DmReply)} before the session processes the message), judges the server's
 * credentials and x-syncml-hmac through the {@link MessageSecurityPolicy}, answers challenges only with the scheme
 * requested and never with a weaker one than the account requires, signs outgoing messages when the transport lacks
 * authentication and integrity, and stores a nonce only once the peer that issued it is authenticated.
 */
public final class PolicyClientAuthenticator
        implements ClientAuthenticator, SessionRunner.HmacSigner, Consumer<DmReply> {
    private final ClientAccount account;
    private final NonceStore nonces;
    private final MessageSecurityPolicy policy;
    private final CredentialVerifier serverVerifier;
    private TransportSecurity transport;
    private SessionSecurityState serverState = SessionSecurityState.initial();
    private AuthScheme scheme;
    private Nonce sessionClientNonce;
    private boolean serverAuthenticated;
    private DmReply lastReply;
    private Nonce issuedServerNonce;
    private boolean hmacInUse;
    private boolean hmacChallenged;

    public PolicyClientAuthenticator(
            ClientAccount account, NonceStore nonces, MessageSecurityPolicy policy, URI serverUri) {
        this.account = Objects.requireNonNull(account, "account");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.serverVerifier =
                account.serverCredentials() == null ? null : new CredentialVerifier(account.serverCredentials());
        // Until the first reply, judge by the address: our HTTPS transport only connects after verifying the server.
        String s = serverUri.getScheme() == null ? "" : serverUri.getScheme().toLowerCase(Locale.ROOT);
        this.transport = switch (s) {
            case "https" -> TransportSecurity.https();
            case "obexs" -> TransportSecurity.obexOverTls(false);
            case "obex" -> TransportSecurity.obexOverTcp();
            default -> TransportSecurity.plainHttp();
        };
        this.scheme = account.security().requiredScheme();
        this.sessionClientNonce = nonces.clientNonce();
    }

    /** Records the transport facts and raw bytes of a reply; called before the session reads it. */
    @Override
    public void accept(DmReply reply) {
        lastReply = reply;
        if (reply.tlsSession() == null) {
            transport = reply.channel() == ChannelKind.OBEX_TCP || reply.channel() == ChannelKind.OBEX_TLS
                    ? TransportSecurity.obexOverTcp()
                    : TransportSecurity.plainHttp();
        } else {
            transport = TransportSecurity.fromTlsSession(
                    reply.channel(),
                    reply.tlsSession(),
                    !reply.serverCertificates().isEmpty(),
                    TlsProfile.MODERN);
        }
    }

    /** The transport the last reply came over. */
    public TransportSecurity transport() {
        return transport;
    }

    private void commitIssuedNonce() {
        if (issuedServerNonce != null) {
            nonces.storeServerNonce(issuedServerNonce);
            issuedServerNonce = null;
        }
    }

    @Override
    public Cred credentials() {
        commitIssuedNonce();
        if (account.clientCredentials() == null || scheme == AuthScheme.HMAC) {
            return null;
        }
        if (scheme == AuthScheme.MD5 && sessionClientNonce == null) {
            // nothing to judge: without a nonce there is no digest; sign() decides whether the message may go
            return null;
        }
        SecurityDecision d = policy.decideOutbound(
                transport,
                account.security(),
                new OutboundMessage(
                        Party.CLIENT, account.serverId(), scheme, false, sessionClientNonce != null, Set.of()));
        if (d.verdict() == Verdict.REFUSE || d.requires(Obligation.ATTACH_HMAC)) {
            // refused, or the transport lacks integrity and the x-syncml-hmac that sign() adds authenticates instead
            return null;
        }
        if (scheme == AuthScheme.BASIC) {
            return BasicCredentials.toCred(account.clientCredentials());
        }
        if (scheme == AuthScheme.MD5) {
            return Md5Digest.toCred(account.clientCredentials().digestKey(), sessionClientNonce);
        }
        return null;
    }

    @Override
    public String sign(byte[] body) {
        io.trustdm.security.auth.Credentials creds = account.clientCredentials();
        boolean attachable = creds != null && sessionClientNonce != null;
        // An HMAC account makes the MAC a requirement only where the rules do: the server challenged for it, or it
        // is already in use this session (H-3). Otherwise it is added when a key and nonce exist; when none exists
        // yet, the policy decides from the transport alone: over mutual TLS the transport authenticates both
        // parties and gives integrity (CR-6), so the message is acceptable and no refusal is recorded.
        boolean requested = scheme == AuthScheme.HMAC && (attachable || hmacInUse || hmacChallenged);
        SecurityDecision d = policy.decideOutbound(
                transport,
                account.security(),
                new OutboundMessage(Party.CLIENT, account.serverId(), null, requested, attachable, Set.of()));
        if (d.verdict() == Verdict.REFUSE || !d.requires(Obligation.ATTACH_HMAC)) {
            return null;
        }
        hmacInUse = true;
        return SyncMlHmac.sign(creds.username(), creds.digestKey(), sessionClientNonce, body)
                .format();
    }

    @Override
    public HeaderOutcome onHeaderStatus(int status, Chal chal) {
        Challenge challenge = chal == null ? null : Challenge.fromChal(chal);
        if (status == StatusCode.OK || status == StatusCode.AUTHENTICATION_ACCEPTED) {
            if (challenge != null && challenge.nonce().isPresent()) {
                sessionClientNonce = challenge.nonce().get();
                if (serverAuthenticated) {
                    nonces.storeClientNonce(sessionClientNonce);
                }
            }
            return HeaderOutcome.CONTINUE;
        }
        if ((status == StatusCode.UNAUTHORIZED || status == StatusCode.AUTHENTICATION_REQUIRED) && challenge != null) {
            SecurityDecision d = policy.decideChallengeAnswer(transport, account.security(), challenge, Party.CLIENT);
            if (d.verdict() != Verdict.ACCEPT) {
                return HeaderOutcome.FAIL;
            }
            scheme = challenge.scheme();
            hmacChallenged = scheme == AuthScheme.HMAC;
            // S-SEC §5.1.3.4: use the nonce of a not-yet-authenticated peer, but do not store it.
            challenge.nonce().ifPresent(n -> sessionClientNonce = n);
            return HeaderOutcome.RESEND_PACKAGE_1;
        }
        return HeaderOutcome.FAIL;
    }

    @Override
    public ServerVerdict verifyServer(SyncHdr header) {
        Nonce issued = nonces.serverNonce();
        VerificationResult cred = VerificationResult.missing();
        VerificationResult hmac = VerificationResult.missing(AuthScheme.HMAC);
        if (serverVerifier != null) {
            cred = serverVerifier.verifyCred(header.cred(), issued);
            if (lastReply != null) {
                hmac = serverVerifier.verifyHmac(lastReply.hmacHeader(), issued, lastReply.body());
            }
        }
        // Judged against SRVCRED (serverSecurity), not CLCRED: a weaker server credential than provisioned is refused.
        SecurityDecision d = policy.decideInbound(
                transport,
                account.serverSecurity(),
                new InboundMessage(Party.SERVER, account.serverId(), cred, hmac, serverState));
        serverState = serverState.after(d);
        Chal chal = null;
        if (d.challengeToSend().isPresent()) {
            Challenge c = d.challengeToSend().get();
            // Stored only when the message carrying it is actually sent (see commitIssuedNonce): the last server
            // message of a session gets no reply, and a nonce the server never saw must not replace the old one.
            issuedServerNonce = c.nonce().orElse(null);
            chal = c.toChal();
        }
        serverAuthenticated = d.verdict() == Verdict.ACCEPT;
        if (serverAuthenticated && sessionClientNonce != null && !sessionClientNonce.equals(nonces.clientNonce())) {
            nonces.storeClientNonce(sessionClientNonce);
        }
        int status = d.dmStatus().orElse(serverAuthenticated ? StatusCode.OK : StatusCode.UNAUTHORIZED);
        return new ServerVerdict(status, chal, serverAuthenticated);
    }
}
