package io.trustdm.security.policy;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place where client and server decide message security (DM Security §5.3 as the change request words it):
 *
 * <ul>
 *   <li>the transport provides authentication and integrity: they MUST be used; a TLS channel whose peer did not
 *       verify is never authenticated and ends the exchange, with no fallback to the HMAC;
 *   <li>the transport provides confidentiality: it is used;
 *   <li>the transport lacks authentication and integrity: a valid {@code x-syncml-hmac} is required on every message
 *       in both directions (missing: 407 with a MAC challenge, or 401 when it was expected; wrong: 401 with a fresh
 *       challenge; dropped after HMAC was in use: the session ends);
 *   <li>the transport lacks confidentiality: DM defines no transport-neutral confidentiality, so confidential content
 *       is not sent at all.
 * </ul>
 *
 * It also refuses downgrades against what the account was provisioned with (a weaker DM scheme, plain HTTP for an
 * HTTPS account, TLS without verification) and applies the DM rules on challenges: the challenged party answers with
 * the requested type or the session ends, the type does not change within a session, and after a failure one more
 * challenge with a new nonce is made before giving up.
 *
 * <p>Every decision produces a {@link SecurityAuditEvent} that goes to the sink.
 */
public final class MessageSecurityPolicy {
    static final String INBOUND = "message.inbound";
    static final String OUTBOUND = "message.outbound";
    static final String CHALLENGE_ANSWER = "challenge.answer";
    static final String ENDPOINT = "endpoint";

    private final DecisionRecorder recorder;

    public MessageSecurityPolicy(SecurityAuditSink sink) {
        this(sink, Clock.systemUTC());
    }

    public MessageSecurityPolicy(SecurityAuditSink sink, Clock clock) {
        this.recorder = new DecisionRecorder(sink, clock);
    }

    // ---- received messages ---------------------------------------------------------------------------------------

    /** Decides whether a received message may be processed, and what its SyncHdr status must be. */
    public SecurityDecision decideInbound(TransportSecurity transport, AccountSecurity account, InboundMessage m) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(m, "message");
        DecisionRecorder.Builder b = recorder.at(INBOUND, m.subject(), m.sender(), transport);

        if (transport.hasDefect()) {
            return defective(b, transport);
        }
        if (account.httpsProvisioned() && !transport.providesAuthenticationAndIntegrity()) {
            return b.rule(SecurityRule.CR_6, SecurityRule.DOWNGRADE)
                    .decide(
                            Verdict.TERMINATE,
                            "account " + account.accountId() + " was provisioned with HTTPS but this message came over "
                                    + transport.channel() + ", which lacks transport authentication and integrity");
        }

        SessionSecurityState s = m.session();
        VerificationResult hmac = m.hmac();
        VerificationResult cred = m.credentials();
        boolean transportAuthIntegrity = transport.providesAuthenticationAndIntegrity();
        boolean transportAuthenticatesSender = transportAuthIntegrity && transport.authenticates(m.sender());
        boolean hmacNeeded = !transportAuthIntegrity
                || s.established() == AuthScheme.HMAC
                || s.challenged() == AuthScheme.HMAC
                || (account.requiredScheme() == AuthScheme.HMAC && !transportAuthenticatesSender);
        transportObligations(b, transport);

        // The scheme the sender used, if any: the HMAC counts when it was sent, otherwise the Cred.
        AuthScheme presented = !hmac.isMissing() ? AuthScheme.HMAC : cred.scheme();
        if (presented != null) {
            if (s.challenged() != null && presented != s.challenged()) {
                return b.rule(SecurityRule.A_4)
                        .status(StatusCode.UNAUTHORIZED)
                        .decide(
                                Verdict.TERMINATE,
                                "challenged for " + s.challenged().aauthType() + " but the " + sender(m)
                                        + " answered with " + presented.aauthType());
            }
            if (s.established() != null && presented != s.established()) {
                return b.rule(SecurityRule.A_10)
                        .status(StatusCode.UNAUTHORIZED)
                        .decide(
                                Verdict.TERMINATE,
                                "the " + sender(m) + " switched from "
                                        + s.established().aauthType() + " to " + presented.aauthType()
                                        + " within the session");
            }
        }

        if (hmac.isFailure()) {
            return failure(
                    b,
                    account,
                    s,
                    AuthScheme.HMAC,
                    "x-syncml-hmac did not verify: " + hmac.detail(),
                    SecurityRule.H_1,
                    SecurityRule.CR_8);
        }
        if (cred.isFailure()) {
            AuthScheme again = hmacNeeded ? AuthScheme.HMAC : stronger(cred.scheme(), account.requiredScheme());
            return failure(b, account, s, again, "credentials did not verify: " + cred.detail(), SecurityRule.A_1);
        }

        if (hmac.isValid()) {
            if (transportAuthIntegrity) {
                b.rule(SecurityRule.CR_6);
            } else {
                b.rule(SecurityRule.CR_8);
            }
            return b.rule(SecurityRule.H_3)
                    .status(StatusCode.OK)
                    .scheme(AuthScheme.HMAC)
                    .challenge(Challenge.issue(AuthScheme.HMAC))
                    .oblige(Obligation.NEW_NONCE_EVERY_MESSAGE)
                    .oblige(Obligation.PEER_MUST_AUTHENTICATE_EVERY_MESSAGE)
                    .decide(Verdict.ACCEPT, "x-syncml-hmac verified for the " + sender(m));
        }

        if (hmacNeeded) {
            if (s.established() == AuthScheme.HMAC) {
                return b.rule(SecurityRule.H_3)
                        .status(StatusCode.UNAUTHORIZED)
                        .decide(
                                Verdict.TERMINATE,
                                "HMAC was in use in this session and this message has no x-syncml-hmac");
            }
            if (s.challenged() == AuthScheme.HMAC) {
                return failure(
                        b, account, s, AuthScheme.HMAC, "x-syncml-hmac was expected but is missing", SecurityRule.H_2);
            }
            return b.rule(SecurityRule.CR_8, SecurityRule.A_7)
                    .status(StatusCode.AUTHENTICATION_REQUIRED)
                    .challenge(Challenge.issue(AuthScheme.HMAC))
                    .decide(
                            Verdict.CHALLENGE,
                            transportAuthIntegrity
                                    ? "account " + account.accountId() + " requires x-syncml-hmac"
                                    : transport.channel() + " lacks transport authentication and integrity, so"
                                            + " x-syncml-hmac is required on every message");
        }

        if (cred.isValid()) {
            AuthScheme scheme = cred.scheme();
            if (!scheme.isAtLeast(account.requiredScheme())) {
                return failure(
                        b,
                        account,
                        s,
                        account.requiredScheme(),
                        scheme.aauthType()
                                + " is weaker than the "
                                + account.requiredScheme().aauthType() + " account "
                                + account.accountId() + " requires",
                        SecurityRule.DOWNGRADE);
            }
            if (scheme == AuthScheme.BASIC && !transport.confidentiality()) {
                return failure(
                        b,
                        account,
                        s,
                        stronger(AuthScheme.MD5, account.requiredScheme()),
                        "Basic credentials over a channel without confidentiality are refused",
                        SecurityRule.CR_9);
            }
            b.scheme(scheme).rule(SecurityRule.A_1);
            if (scheme == AuthScheme.MD5) {
                b.challenge(Challenge.issue(AuthScheme.MD5));
            }
            if (transportAuthenticatesSender) {
                return b.status(StatusCode.AUTHENTICATION_ACCEPTED)
                        .decide(
                                Verdict.ACCEPT,
                                scheme.aauthType() + " credentials verified; the transport also " + "authenticates the "
                                        + sender(m));
            }
            return b.rule(SecurityRule.A_5)
                    .status(StatusCode.OK)
                    .oblige(Obligation.PEER_MUST_AUTHENTICATE_EVERY_MESSAGE)
                    .decide(
                            Verdict.ACCEPT,
                            scheme.aauthType() + " credentials verified; the transport does not" + " authenticate the "
                                    + sender(m) + ", so every message must carry them");
        }

        // Nothing presented.
        if (transportAuthenticatesSender) {
            if (s.challenged() != null) {
                return b.rule(SecurityRule.A_4)
                        .status(StatusCode.UNAUTHORIZED)
                        .decide(
                                Verdict.TERMINATE,
                                "challenged for " + s.challenged().aauthType() + " but the " + sender(m)
                                        + " did not answer with it");
            }
            return b.rule(SecurityRule.CR_6, SecurityRule.A_1)
                    .scheme(AuthScheme.TRANSPORT)
                    .status(StatusCode.AUTHENTICATION_ACCEPTED)
                    .decide(Verdict.ACCEPT, "the transport authenticates the " + sender(m));
        }
        if (s.sessionAuthenticated()) {
            return b.rule(SecurityRule.A_8)
                    .scheme(s.established())
                    .status(StatusCode.OK)
                    .decide(Verdict.ACCEPT, "the " + sender(m) + " authenticated earlier in this session (212)");
        }
        if (s.challenged() != null) {
            return failure(
                    b, account, s, s.challenged(), "credentials were expected but are missing", SecurityRule.A_1);
        }
        return b.rule(SecurityRule.A_1, SecurityRule.A_7)
                .status(StatusCode.AUTHENTICATION_REQUIRED)
                .challenge(Challenge.issue(account.requiredScheme()))
                .decide(
                        Verdict.CHALLENGE,
                        "the " + sender(m) + " is not authenticated by the transport and sent no credentials");
    }

    /**
     * A client's message that may go without the HMAC {@link SecurityRule#CR_8} asks for: it has no key or nonce to
     * make one, nobody asked for one, and it carries no Cred and nothing confidential, so it can only serve to obtain
     * a challenge.
     */
    private static boolean isNonceRequest(OutboundMessage m) {
        return m.sender() == Party.CLIENT
                && !m.hmacRequested()
                && m.credentialScheme() == null
                && m.confidential().isEmpty();
    }

    // ---- messages about to be sent -------------------------------------------------------------------------------

    /** Decides whether a message may be sent over {@code transport}, and what must be added to it. */
    public SecurityDecision decideOutbound(TransportSecurity transport, AccountSecurity account, OutboundMessage m) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(m, "message");
        DecisionRecorder.Builder b = recorder.at(OUTBOUND, m.subject(), m.sender(), transport);
        if (transport.hasDefect()) {
            return defective(b, transport);
        }
        boolean authIntegrity = transport.providesAuthenticationAndIntegrity();
        if (account.httpsProvisioned() && !authIntegrity) {
            return b.rule(SecurityRule.CR_6, SecurityRule.DOWNGRADE)
                    .decide(
                            Verdict.REFUSE,
                            "account " + account.accountId() + " was provisioned with HTTPS; refusing to send over "
                                    + transport.channel());
        }
        if (!m.confidential().isEmpty() && !transport.confidentiality()) {
            return b.rule(SecurityRule.CR_9, SecurityRule.CR_7)
                    .decide(
                            Verdict.REFUSE,
                            "the message carries " + describe(m.confidential()) + " but " + transport.channel()
                                    + " has no confidentiality, and DM defines no transport-neutral confidentiality");
        }
        AuthScheme cs = m.credentialScheme();
        if (cs != null) {
            if (cs == AuthScheme.HMAC) {
                return b.rule(SecurityRule.H_1)
                        .decide(Verdict.REFUSE, "an HMAC travels in x-syncml-hmac, never in Cred");
            }
            if (!cs.isSupported()) {
                return b.decide(Verdict.REFUSE, cs.aauthType() + " credentials are not supported");
            }
            if (!cs.isAtLeast(account.requiredScheme())) {
                return b.rule(SecurityRule.DOWNGRADE)
                        .decide(
                                Verdict.REFUSE,
                                cs.aauthType() + " is weaker than the "
                                        + account.requiredScheme().aauthType() + " account " + account.accountId()
                                        + " requires");
            }
            if (cs == AuthScheme.BASIC && !basicIsSafe(transport, m.sender())) {
                return b.rule(SecurityRule.CR_9)
                        .decide(
                                Verdict.REFUSE,
                                "Basic credentials would put the password on " + transport.channel()
                                        + " without confidentiality or without an authenticated recipient");
            }
        }
        boolean hmacRequired = !authIntegrity
                || m.hmacRequested()
                || (account.requiredScheme() == AuthScheme.HMAC && !transport.authenticates(m.sender()));
        if (hmacRequired) {
            b.rule(authIntegrity ? SecurityRule.H_3 : SecurityRule.CR_8);
            if (!m.hmacAttachable()) {
                if (isNonceRequest(m)) {
                    // S-SEC lets a client without a nonce omit its credentials: the server must answer with a
                    // challenge carrying one, and trusts nothing in this message. Refusing would leave a
                    // Device that lost its nonce unable to ever reach its server over this transport.
                    return b.rule(SecurityRule.A_13)
                            .decide(
                                    Verdict.ACCEPT,
                                    "no nonce from the server yet: sent without x-syncml-hmac to be challenged for one;"
                                            + " the server trusts nothing in it");
                }
                return b.decide(
                        Verdict.REFUSE,
                        "x-syncml-hmac is required on " + transport.channel() + " but no key and nonce are available");
            }
            b.oblige(Obligation.ATTACH_HMAC);
        }
        transportObligations(b, transport);
        return b.decide(Verdict.ACCEPT, hmacRequired ? "send with x-syncml-hmac" : "send over " + transport.channel());
    }

    // ---- answering a peer's challenge ----------------------------------------------------------------------------

    /**
     * Decides whether this side may answer {@code challenge} with credentials of the requested type. The challenged
     * party must answer with exactly that type, so a request this side will not meet (unsupported, weaker than the
     * account requires, Basic on an unprotected channel) ends the session.
     */
    public SecurityDecision decideChallengeAnswer(
            TransportSecurity transport, AccountSecurity account, Challenge challenge, Party responder) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(responder, "responder");
        DecisionRecorder.Builder b = recorder.at(CHALLENGE_ANSWER, account.accountId(), responder, transport);
        if (transport.hasDefect()) {
            return defective(b, transport);
        }
        AuthScheme requested = challenge.scheme();
        b.rule(SecurityRule.A_4);
        if (!requested.isSupported()) {
            return b.decide(
                    Verdict.TERMINATE, "the peer asked for " + requested.aauthType() + ", which is not supported");
        }
        if (!requested.isAtLeast(account.requiredScheme())) {
            return b.rule(SecurityRule.DOWNGRADE)
                    .decide(
                            Verdict.TERMINATE,
                            "the peer asked for " + requested.aauthType() + " but account " + account.accountId()
                                    + " requires " + account.requiredScheme().aauthType() + ": downgrade refused");
        }
        if (requested == AuthScheme.BASIC && !basicIsSafe(transport, responder)) {
            return b.rule(SecurityRule.CR_9)
                    .decide(
                            Verdict.TERMINATE,
                            "the peer asked for Basic over " + transport.channel()
                                    + ", which would expose the password");
        }
        b.scheme(requested);
        if (requested == AuthScheme.HMAC) {
            b.oblige(Obligation.ATTACH_HMAC);
        }
        return b.decide(Verdict.ACCEPT, "answer with " + requested.aauthType());
    }

    // ---- where to send -------------------------------------------------------------------------------------------

    /**
     * Decides whether a server address (the account's address, a redirect or a {@code RespURI}) may be used. A plain
     * {@code http} URL for an account provisioned with HTTPS is refused.
     */
    public SecurityDecision decideEndpoint(AccountSecurity account, URI uri) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        DecisionRecorder.Builder b = recorder.at(ENDPOINT, account.accountId(), null, scheme == null ? "?" : scheme);
        if (scheme == null || !uri.isAbsolute()) {
            return b.decide(Verdict.REFUSE, "the server address is not an absolute URL");
        }
        if (account.httpsProvisioned() && !scheme.equals("https")) {
            return b.rule(SecurityRule.CR_6, SecurityRule.DOWNGRADE)
                    .decide(
                            Verdict.REFUSE,
                            "account " + account.accountId() + " was provisioned with HTTPS; refusing a " + scheme
                                    + " address");
        }
        return b.decide(Verdict.ACCEPT, "address scheme " + scheme + " is acceptable");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static SecurityDecision defective(DecisionRecorder.Builder b, TransportSecurity transport) {
        return b.rule(SecurityRule.CR_6, SecurityRule.CR_5)
                .decide(
                        Verdict.TERMINATE,
                        transport.channel() + ": " + transport.defectReason().orElse("defect")
                                + "; such a channel is never treated as authenticated and there is no fallback");
    }

    private static void transportObligations(DecisionRecorder.Builder b, TransportSecurity transport) {
        if (transport.providesAuthenticationAndIntegrity()) {
            b.oblige(Obligation.USE_TRANSPORT_AUTHENTICATION_AND_INTEGRITY);
        }
        if (transport.confidentiality()) {
            b.oblige(Obligation.USE_TRANSPORT_CONFIDENTIALITY);
        } else {
            b.oblige(Obligation.NO_CONFIDENTIAL_CONTENT);
        }
    }

    /** After a failed attempt: one more challenge with a new nonce, until the retries run out. */
    private static SecurityDecision failure(
            DecisionRecorder.Builder b,
            AccountSecurity account,
            SessionSecurityState s,
            AuthScheme challengeWith,
            String reason,
            SecurityRule rule) {
        return failure(b, account, s, challengeWith, reason, rule, null);
    }

    private static SecurityDecision failure(
            DecisionRecorder.Builder b,
            AccountSecurity account,
            SessionSecurityState s,
            AuthScheme challengeWith,
            String reason,
            SecurityRule rule,
            SecurityRule extra) {
        b.rule(rule);
        if (extra != null) {
            b.rule(extra);
        }
        b.rule(SecurityRule.A_15).status(StatusCode.UNAUTHORIZED);
        if (s.failures() >= account.maxAuthRetries()) {
            return b.decide(Verdict.TERMINATE, reason + "; " + (s.failures() + 1) + " failed attempts, giving up");
        }
        return b.rule(SecurityRule.A_7)
                .challenge(Challenge.issue(challengeWith))
                .decide(Verdict.CHALLENGE, reason);
    }

    /** Basic puts the password on the wire: only with confidentiality, integrity and, towards a server, its proof. */
    private static boolean basicIsSafe(TransportSecurity transport, Party sender) {
        return transport.isSecureTransport() && (sender != Party.CLIENT || transport.authenticates(Party.SERVER));
    }

    private static AuthScheme stronger(AuthScheme a, AuthScheme b) {
        if (a == null || !a.isSupported()) {
            return b;
        }
        return a.isAtLeast(b) ? a : b;
    }

    private static String sender(InboundMessage m) {
        return m.sender() == Party.CLIENT ? "client" : "server";
    }

    private static String describe(Set<ConfidentialContent> content) {
        return content.stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
