package io.trustdm.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.CredentialVerifier;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.SyncMlHmac;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TlsDetails;
import io.trustdm.security.transport.TransportSecurity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageSecurityPolicyTest {
    private final List<SecurityAuditEvent> events = new ArrayList<>();
    private final MessageSecurityPolicy policy =
            new MessageSecurityPolicy(events::add, Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private static final AccountSecurity MD5_ACCOUNT = AccountSecurity.of("com.example.dms", AuthScheme.MD5, false);
    private static final AccountSecurity HTTPS_ACCOUNT = AccountSecurity.of("com.example.dms", AuthScheme.MD5, true);
    private static final AccountSecurity HMAC_ACCOUNT = AccountSecurity.of("com.example.dms", AuthScheme.HMAC, false);
    private static final AccountSecurity BASIC_ACCOUNT = AccountSecurity.of("com.example.dms", AuthScheme.BASIC, false);

    private static final List<TransportSecurity> WITHOUT_AUTH_AND_INTEGRITY =
            List.of(TransportSecurity.plainHttp(), TransportSecurity.obexOverTcp(), TransportSecurity.wdpUdp());

    /** TLS with a verified server but a NULL cipher: authentication and integrity, no confidentiality. */
    private static final TransportSecurity TLS_WITHOUT_ENCRYPTION = new TransportSecurity(
            ChannelKind.HTTPS,
            "HTTPS over TLSv1.2 (TLS_RSA_WITH_NULL_SHA256)",
            true,
            false,
            true,
            false,
            null,
            new TlsDetails("TLSv1.2", "TLS_RSA_WITH_NULL_SHA256", List.of(), false));

    private static InboundMessage in(Party sender, VerificationResult cred, VerificationResult hmac) {
        return in(sender, cred, hmac, SessionSecurityState.initial());
    }

    private static InboundMessage in(
            Party sender, VerificationResult cred, VerificationResult hmac, SessionSecurityState s) {
        return new InboundMessage(sender, "com.example.dms", cred, hmac, s);
    }

    private static VerificationResult none() {
        return VerificationResult.missing();
    }

    private static VerificationResult noHmac() {
        return VerificationResult.missing(AuthScheme.HMAC);
    }

    private static OutboundMessage out(
            Party sender, AuthScheme cred, boolean hmacAttachable, ConfidentialContent... c) {
        return new OutboundMessage(sender, "com.example.dms", cred, false, hmacAttachable, Set.of(c));
    }

    // ---- CR-6 ----------------------------------------------------------------------------------------------------

    @Test
    void transport_authentication_and_integrity_MUST_be_used_when_available() {
        // mutual TLS authenticates the client: no DM credentials needed, 212 for the session.
        SecurityDecision d = policy.decideInbound(
                TransportSecurity.httpsMutualTls(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac()));
        assertThat(d.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(d.authenticatedBy()).hasValue(AuthScheme.TRANSPORT);
        assertThat(d.dmStatus()).hasValue(StatusCode.AUTHENTICATION_ACCEPTED);
        assertThat(d.requires(Obligation.USE_TRANSPORT_AUTHENTICATION_AND_INTEGRITY))
                .isTrue();
        assertThat(d.rules()).contains(SecurityRule.CR_6);

        // a verified server certificate authenticates the server's messages to the client.
        SecurityDecision fromServer =
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.SERVER, none(), noHmac()));
        assertThat(fromServer.isAccepted()).isTrue();
        assertThat(fromServer.authenticatedBy()).hasValue(AuthScheme.TRANSPORT);

        SecurityDecision send =
                policy.decideOutbound(TransportSecurity.https(), MD5_ACCOUNT, out(Party.CLIENT, AuthScheme.MD5, false));
        assertThat(send.isAccepted()).isTrue();
        assertThat(send.requires(Obligation.USE_TRANSPORT_AUTHENTICATION_AND_INTEGRITY))
                .isTrue();
        assertThat(send.requires(Obligation.ATTACH_HMAC)).isFalse();
    }

    @Test
    void an_account_provisioned_with_https_never_falls_back_to_a_channel_without_transport_security() {
        SecurityDecision in = policy.decideInbound(
                TransportSecurity.plainHttp(),
                HTTPS_ACCOUNT,
                in(Party.SERVER, none(), VerificationResult.valid(AuthScheme.HMAC)));
        assertThat(in.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(in.rules()).contains(SecurityRule.CR_6, SecurityRule.DOWNGRADE);

        SecurityDecision out = policy.decideOutbound(
                TransportSecurity.plainHttp(), HTTPS_ACCOUNT, out(Party.CLIENT, AuthScheme.MD5, true));
        assertThat(out.verdict()).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void tls_whose_server_certificate_did_not_verify_is_fatal_with_no_fallback() {
        TransportSecurity unverified = TransportSecurity.httpsUnverified();
        SecurityDecision in = policy.decideInbound(
                unverified, MD5_ACCOUNT, in(Party.SERVER, none(), VerificationResult.valid(AuthScheme.HMAC)));
        assertThat(in.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(in.dmStatus()).isEmpty();
        assertThat(in.challengeToSend()).isEmpty();
        assertThat(in.reason()).contains("not verified").contains("no fallback");

        assertThat(policy.decideOutbound(unverified, MD5_ACCOUNT, out(Party.CLIENT, AuthScheme.MD5, true))
                        .verdict())
                .isEqualTo(Verdict.TERMINATE);
        assertThat(policy.decideChallengeAnswer(unverified, MD5_ACCOUNT, Challenge.issue(AuthScheme.HMAC), Party.CLIENT)
                        .verdict())
                .isEqualTo(Verdict.TERMINATE);
    }

    // ---- CR-7 / CR-9 ---------------------------------------------------------------------------------------------

    @Test
    void transport_confidentiality_SHOULD_be_used_when_available() {
        SecurityDecision https =
                policy.decideOutbound(TransportSecurity.https(), MD5_ACCOUNT, out(Party.SERVER, null, false));
        assertThat(https.requires(Obligation.USE_TRANSPORT_CONFIDENTIALITY)).isTrue();
        assertThat(https.requires(Obligation.NO_CONFIDENTIAL_CONTENT)).isFalse();
        assertThat(https.rules()).contains(SecurityRule.CR_7);

        SecurityDecision plain =
                policy.decideOutbound(TransportSecurity.plainHttp(), MD5_ACCOUNT, out(Party.SERVER, null, true));
        assertThat(plain.requires(Obligation.USE_TRANSPORT_CONFIDENTIALITY)).isFalse();
        assertThat(plain.requires(Obligation.NO_CONFIDENTIAL_CONTENT)).isTrue();
    }

    @Test
    void confidential_content_is_never_sent_without_confidentiality() {
        for (ConfidentialContent c : ConfidentialContent.values()) {
            SecurityDecision plain =
                    policy.decideOutbound(TransportSecurity.plainHttp(), MD5_ACCOUNT, out(Party.SERVER, null, true, c));
            assertThat(plain.verdict()).as(c.name()).isEqualTo(Verdict.REFUSE);
            assertThat(plain.rules()).contains(SecurityRule.CR_9);
            assertThat(plain.reason()).contains("no transport-neutral confidentiality");

            SecurityDecision nullCipher =
                    policy.decideOutbound(TLS_WITHOUT_ENCRYPTION, MD5_ACCOUNT, out(Party.SERVER, null, false, c));
            assertThat(nullCipher.verdict()).as(c.name()).isEqualTo(Verdict.REFUSE);

            SecurityDecision tls = policy.decideOutbound(
                    TransportSecurity.httpsMutualTls(), MD5_ACCOUNT, out(Party.SERVER, null, false, c));
            assertThat(tls.isAccepted()).as(c.name()).isTrue();
        }
    }

    // ---- CR-8 and the HMAC rules -----------------------------------------------------------------------------------

    @Test
    void transport_neutral_integrity_MUST_be_used_when_transport_lacks_authentication_and_integrity() {
        for (TransportSecurity t : WITHOUT_AUTH_AND_INTEGRITY) {
            for (Party sender : Party.values()) {
                String what = t.channel() + " from " + sender;
                SecurityDecision nothing = policy.decideInbound(t, MD5_ACCOUNT, in(sender, none(), noHmac()));
                assertThat(nothing.verdict()).as(what).isEqualTo(Verdict.CHALLENGE);
                assertThat(nothing.dmStatus()).as(what).hasValue(StatusCode.AUTHENTICATION_REQUIRED);
                assertThat(nothing.challengeToSend().orElseThrow().scheme()).isEqualTo(AuthScheme.HMAC);
                assertThat(nothing.rules()).contains(SecurityRule.CR_8);

                // A valid MD5 Cred authenticates but protects nothing: still no.
                SecurityDecision md5Only = policy.decideInbound(
                        t, MD5_ACCOUNT, in(sender, VerificationResult.valid(AuthScheme.MD5), noHmac()));
                assertThat(md5Only.verdict()).as(what).isEqualTo(Verdict.CHALLENGE);
                assertThat(md5Only.challengeToSend().orElseThrow().scheme()).isEqualTo(AuthScheme.HMAC);

                SecurityDecision wrong = policy.decideInbound(
                        t, MD5_ACCOUNT, in(sender, none(), VerificationResult.invalid(AuthScheme.HMAC, "mac")));
                assertThat(wrong.verdict()).as(what).isEqualTo(Verdict.CHALLENGE);
                assertThat(wrong.dmStatus()).as(what).hasValue(StatusCode.UNAUTHORIZED);

                SecurityDecision good = policy.decideInbound(
                        t, MD5_ACCOUNT, in(sender, none(), VerificationResult.valid(AuthScheme.HMAC)));
                assertThat(good.isAccepted()).as(what).isTrue();
                assertThat(good.authenticatedBy()).hasValue(AuthScheme.HMAC);

                // Without key and nonce: the server never sends unsigned; a Device's Cred-less message is only a
                // nonce request (tested below), and a Cred without the HMAC is refused.
                if (sender == Party.SERVER) {
                    SecurityDecision cannotSign = policy.decideOutbound(t, MD5_ACCOUNT, out(sender, null, false));
                    assertThat(cannotSign.verdict()).as(what).isEqualTo(Verdict.REFUSE);
                }
                SecurityDecision credWithoutHmac =
                        policy.decideOutbound(t, MD5_ACCOUNT, out(sender, AuthScheme.MD5, false));
                assertThat(credWithoutHmac.verdict()).as(what).isEqualTo(Verdict.REFUSE);
                assertThat(credWithoutHmac.rules()).as(what).contains(SecurityRule.CR_8);
                SecurityDecision signs = policy.decideOutbound(t, MD5_ACCOUNT, out(sender, null, true));
                assertThat(signs.isAccepted()).as(what).isTrue();
                assertThat(signs.requires(Obligation.ATTACH_HMAC)).as(what).isTrue();
            }
        }
    }

    @Test
    void a_client_without_a_nonce_MAY_send_package_1_without_credentials_to_be_challenged_for_one() {
        for (TransportSecurity t : WITHOUT_AUTH_AND_INTEGRITY) {
            SecurityDecision request = policy.decideOutbound(t, MD5_ACCOUNT, out(Party.CLIENT, null, false));
            assertThat(request.verdict()).as(t.channel()).isEqualTo(Verdict.ACCEPT);
            assertThat(request.requires(Obligation.ATTACH_HMAC)).isFalse();
            assertThat(request.rules()).contains(SecurityRule.CR_8, SecurityRule.A_13);

            // not once the server asked for the HMAC, and never with something confidential in it
            SecurityDecision challenged = policy.decideOutbound(
                    t, MD5_ACCOUNT, new OutboundMessage(Party.CLIENT, "com.example.dms", null, true, false, Set.of()));
            assertThat(challenged.verdict()).as(t.channel()).isEqualTo(Verdict.REFUSE);
            SecurityDecision confidential = policy.decideOutbound(
                    t, MD5_ACCOUNT, out(Party.CLIENT, null, false, ConfidentialContent.values()[0]));
            assertThat(confidential.verdict()).as(t.channel()).isEqualTo(Verdict.REFUSE);
        }
    }

    @Test
    void hmac_expected_but_missing_is_an_authentication_failure() {
        SessionSecurityState challenged = new SessionSecurityState(AuthScheme.HMAC, null, false, 0);
        SecurityDecision d = policy.decideInbound(
                TransportSecurity.plainHttp(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac(), challenged));
        assertThat(d.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(d.dmStatus()).hasValue(StatusCode.UNAUTHORIZED);
        assertThat(d.rules()).contains(SecurityRule.H_2);
    }

    @Test
    void once_hmac_is_used_every_message_MUST_use_it_with_status_200_and_a_new_nonce() {
        TransportSecurity t = TransportSecurity.plainHttp();
        SessionSecurityState s = SessionSecurityState.initial();
        Nonce previous = null;
        for (int message = 0; message < 3; message++) {
            SecurityDecision d = policy.decideInbound(
                    t, MD5_ACCOUNT, in(Party.CLIENT, none(), VerificationResult.valid(AuthScheme.HMAC), s));
            assertThat(d.isAccepted()).isTrue();
            assertThat(d.dmStatus()).hasValue(StatusCode.OK);
            assertThat(d.requires(Obligation.NEW_NONCE_EVERY_MESSAGE)).isTrue();
            Nonce next = d.challengeToSend().orElseThrow().nextNonce();
            assertThat(next).isNotEqualTo(previous);
            previous = next;
            s = s.after(d);
        }
        // Also over a transport that would not need it: once in use, dropping it ends the session.
        SecurityDecision dropped = policy.decideInbound(
                TransportSecurity.httpsMutualTls(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac(), s));
        assertThat(dropped.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(dropped.rules()).contains(SecurityRule.H_3);
    }

    @Test
    void hmac_MUST_travel_in_the_header_and_never_in_cred() {
        SecurityDecision send = policy.decideOutbound(
                TransportSecurity.plainHttp(), MD5_ACCOUNT, out(Party.CLIENT, AuthScheme.HMAC, true));
        assertThat(send.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(send.rules()).contains(SecurityRule.H_1);

        VerificationResult macInCred = VerificationResult.malformed(AuthScheme.HMAC, "MAC in Cred");
        SecurityDecision recv =
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, macInCred, noHmac()));
        assertThat(recv.isAccepted()).isFalse();
    }

    @Test
    void a_wrong_hmac_is_rejected_even_over_an_authenticated_transport() {
        SecurityDecision d = policy.decideInbound(
                TransportSecurity.httpsMutualTls(),
                MD5_ACCOUNT,
                in(Party.CLIENT, none(), VerificationResult.invalid(AuthScheme.HMAC, "mac")));
        assertThat(d.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(d.dmStatus()).hasValue(StatusCode.UNAUTHORIZED);
    }

    @Test
    void hmac_session_over_plain_http_end_to_end() {
        Credentials client = new Credentials("dmclient01", Secret.ofUtf8("clientSecret"));
        CredentialVerifier serverSide = new CredentialVerifier("dmclient01", client.digestKey());
        TransportSecurity plain = TransportSecurity.plainHttp();
        SessionSecurityState s = SessionSecurityState.initial();

        // Pkg1 without a usable nonce: server asks for HMAC.
        byte[] pkg1 = "<SyncML>pkg1</SyncML>".getBytes(StandardCharsets.UTF_8);
        SecurityDecision first = policy.decideInbound(
                plain, MD5_ACCOUNT, in(Party.CLIENT, none(), serverSide.verifyHmac(null, null, pkg1), s));
        assertThat(first.verdict()).isEqualTo(Verdict.CHALLENGE);
        s = s.after(first);
        Nonce issued = first.challengeToSend().orElseThrow().nextNonce();

        // The client answers with the challenged nonce: accepted, a new nonce is issued.
        String header = SyncMlHmac.sign(client, issued, pkg1).format();
        SecurityDecision second = policy.decideInbound(
                plain, MD5_ACCOUNT, in(Party.CLIENT, none(), serverSide.verifyHmac(header, issued, pkg1), s));
        assertThat(second.isAccepted()).isTrue();
        s = s.after(second);
        Nonce next = second.challengeToSend().orElseThrow().nextNonce();
        assertThat(next).isNotEqualTo(issued);

        // Replaying the old header with the old nonce fails against the new one.
        SecurityDecision replay = policy.decideInbound(
                plain, MD5_ACCOUNT, in(Party.CLIENT, none(), serverSide.verifyHmac(header, next, pkg1), s));
        assertThat(replay.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(replay.dmStatus()).hasValue(StatusCode.UNAUTHORIZED);
    }

    // ---- A-rules ---------------------------------------------------------------------------------------------------

    @Test
    void client_and_server_MUST_be_authenticated_to_each_other() {
        // A client without certificate over server-authenticated TLS must authenticate at DM level.
        SecurityDecision anonymousClient =
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac()));
        assertThat(anonymousClient.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(anonymousClient.dmStatus()).hasValue(StatusCode.AUTHENTICATION_REQUIRED);
        assertThat(anonymousClient.challengeToSend().orElseThrow().scheme()).isEqualTo(AuthScheme.MD5);

        // A server that neither the transport nor credentials authenticate is not obeyed.
        SecurityDecision anonymousServer =
                policy.decideInbound(TransportSecurity.plainHttp(), MD5_ACCOUNT, in(Party.SERVER, none(), noHmac()));
        assertThat(anonymousServer.isAccepted()).isFalse();
    }

    @Test
    void challenged_party_MUST_answer_with_the_requested_type_or_the_session_ends() {
        SessionSecurityState challengedMd5 = new SessionSecurityState(AuthScheme.MD5, null, false, 0);
        SecurityDecision basicAnswer = policy.decideInbound(
                TransportSecurity.https(),
                BASIC_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.BASIC), noHmac(), challengedMd5));
        assertThat(basicAnswer.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(basicAnswer.rules()).contains(SecurityRule.A_4);

        SessionSecurityState challengedMac = new SessionSecurityState(AuthScheme.HMAC, null, false, 0);
        SecurityDecision md5Answer = policy.decideInbound(
                TransportSecurity.httpsMutualTls(),
                MD5_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.MD5), noHmac(), challengedMac));
        assertThat(md5Answer.verdict()).isEqualTo(Verdict.TERMINATE);

        // Even when the transport authenticated the peer, an unanswered DM challenge ends the session.
        SecurityDecision silent = policy.decideInbound(
                TransportSecurity.httpsMutualTls(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac(), challengedMd5));
        assertThat(silent.verdict()).isEqualTo(Verdict.TERMINATE);

        // This side cannot answer an unsupported type, so it ends the session instead.
        SecurityDecision x509 = policy.decideChallengeAnswer(
                TransportSecurity.https(), MD5_ACCOUNT, new Challenge(AuthScheme.X509, null), Party.CLIENT);
        assertThat(x509.verdict()).isEqualTo(Verdict.TERMINATE);
    }

    @Test
    void authentication_type_MUST_NOT_change_during_a_session() {
        SessionSecurityState md5Session = new SessionSecurityState(null, AuthScheme.MD5, true, 0);
        SecurityDecision d = policy.decideInbound(
                TransportSecurity.httpsMutualTls(),
                BASIC_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.BASIC), noHmac(), md5Session));
        assertThat(d.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(d.rules()).containsExactly(SecurityRule.A_10);
    }

    @Test
    void without_transport_session_authentication_every_message_MUST_be_authenticated() {
        SecurityDecision first = policy.decideInbound(
                TransportSecurity.https(),
                MD5_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.MD5), noHmac()));
        assertThat(first.isAccepted()).isTrue();
        assertThat(first.dmStatus()).hasValue(StatusCode.OK);
        assertThat(first.requires(Obligation.PEER_MUST_AUTHENTICATE_EVERY_MESSAGE))
                .isTrue();
        assertThat(first.challengeToSend().orElseThrow().scheme()).isEqualTo(AuthScheme.MD5);

        SessionSecurityState s = SessionSecurityState.initial().after(first);
        SecurityDecision next =
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac(), s));
        assertThat(next.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(next.dmStatus()).hasValue(StatusCode.UNAUTHORIZED);

        // With mutual TLS the transport authenticates the session: 212, nothing more needed.
        SecurityDecision mutual = policy.decideInbound(
                TransportSecurity.httpsMutualTls(),
                MD5_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.MD5), noHmac()));
        assertThat(mutual.dmStatus()).hasValue(StatusCode.AUTHENTICATION_ACCEPTED);
        SessionSecurityState after212 = SessionSecurityState.initial().after(mutual);
        assertThat(after212.sessionAuthenticated()).isTrue();
        assertThat(policy.decideInbound(
                                TransportSecurity.httpsMutualTls(),
                                MD5_ACCOUNT,
                                in(Party.CLIENT, none(), noHmac(), after212))
                        .isAccepted())
                .isTrue();
    }

    @Test
    void after_a_failure_one_more_challenge_with_a_new_nonce_is_made_then_the_session_ends() {
        VerificationResult wrong = VerificationResult.invalid(AuthScheme.MD5, "digest");
        SessionSecurityState s = SessionSecurityState.initial();
        Nonce previous = null;
        for (int attempt = 0; attempt < MD5_ACCOUNT.maxAuthRetries(); attempt++) {
            SecurityDecision d =
                    policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, wrong, noHmac(), s));
            assertThat(d.verdict()).isEqualTo(Verdict.CHALLENGE);
            assertThat(d.dmStatus()).hasValue(StatusCode.UNAUTHORIZED);
            assertThat(d.rules()).contains(SecurityRule.A_15);
            Nonce nonce = d.challengeToSend().orElseThrow().nextNonce();
            assertThat(nonce).isNotEqualTo(previous);
            previous = nonce;
            s = s.after(d);
        }
        SecurityDecision last =
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, wrong, noHmac(), s));
        assertThat(last.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(last.challengeToSend()).isEmpty();
    }

    @Test
    void status_401_and_407_always_carry_a_challenge() {
        List<SecurityDecision> all = List.of(
                policy.decideInbound(TransportSecurity.https(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac())),
                policy.decideInbound(
                        TransportSecurity.https(),
                        MD5_ACCOUNT,
                        in(Party.CLIENT, VerificationResult.invalid(AuthScheme.MD5, "x"), noHmac())),
                policy.decideInbound(TransportSecurity.plainHttp(), MD5_ACCOUNT, in(Party.SERVER, none(), noHmac())));
        for (SecurityDecision d : all) {
            assertThat(d.verdict()).isEqualTo(Verdict.CHALLENGE);
            assertThat(d.dmStatus().getAsInt()).isIn(StatusCode.UNAUTHORIZED, StatusCode.AUTHENTICATION_REQUIRED);
            assertThat(d.challengeToSend()).isPresent();
            assertThat(d.challengeToSend().orElseThrow().toChal().meta().format())
                    .isEqualTo("b64");
        }
    }

    // ---- downgrades ------------------------------------------------------------------------------------------------

    @Test
    void basic_is_refused_when_the_account_requires_md5_or_hmac() {
        SecurityDecision answer = policy.decideChallengeAnswer(
                TransportSecurity.https(), MD5_ACCOUNT, Challenge.issue(AuthScheme.BASIC), Party.CLIENT);
        assertThat(answer.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(answer.rules()).contains(SecurityRule.DOWNGRADE);
        assertThat(policy.decideChallengeAnswer(
                                TransportSecurity.https(), HMAC_ACCOUNT, Challenge.issue(AuthScheme.MD5), Party.CLIENT)
                        .verdict())
                .isEqualTo(Verdict.TERMINATE);
        assertThat(policy.decideChallengeAnswer(
                                TransportSecurity.https(), MD5_ACCOUNT, Challenge.issue(AuthScheme.HMAC), Party.CLIENT)
                        .isAccepted())
                .isTrue();

        SecurityDecision weakCred = policy.decideInbound(
                TransportSecurity.https(),
                MD5_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.BASIC), noHmac()));
        assertThat(weakCred.verdict()).isEqualTo(Verdict.CHALLENGE);
        assertThat(weakCred.challengeToSend().orElseThrow().scheme()).isEqualTo(AuthScheme.MD5);

        assertThat(policy.decideOutbound(
                                TransportSecurity.https(), MD5_ACCOUNT, out(Party.CLIENT, AuthScheme.BASIC, false))
                        .verdict())
                .isEqualTo(Verdict.REFUSE);
    }

    @Test
    void basic_never_goes_over_a_channel_without_confidentiality_or_to_an_unauthenticated_server() {
        assertThat(policy.decideChallengeAnswer(
                                TransportSecurity.plainHttp(),
                                BASIC_ACCOUNT,
                                Challenge.issue(AuthScheme.BASIC),
                                Party.CLIENT)
                        .verdict())
                .isEqualTo(Verdict.TERMINATE);
        assertThat(policy.decideOutbound(
                                TLS_WITHOUT_ENCRYPTION, BASIC_ACCOUNT, out(Party.CLIENT, AuthScheme.BASIC, false))
                        .verdict())
                .isEqualTo(Verdict.REFUSE);
        assertThat(policy.decideOutbound(
                                TransportSecurity.https(), BASIC_ACCOUNT, out(Party.CLIENT, AuthScheme.BASIC, false))
                        .isAccepted())
                .isTrue();
    }

    @Test
    void a_plain_http_url_is_refused_for_an_account_provisioned_with_https() {
        SecurityDecision http = policy.decideEndpoint(HTTPS_ACCOUNT, URI.create("http://dm.example.com/dm"));
        assertThat(http.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(http.reason()).contains("provisioned with HTTPS");
        assertThat(policy.decideEndpoint(HTTPS_ACCOUNT, URI.create("HTTPS://dm.example.com/dm?s=1"))
                        .isAccepted())
                .isTrue();
        assertThat(policy.decideEndpoint(HTTPS_ACCOUNT, URI.create("/relative")).verdict())
                .isEqualTo(Verdict.REFUSE);
        assertThat(policy.decideEndpoint(MD5_ACCOUNT, URI.create("http://dm.example.com/dm"))
                        .isAccepted())
                .isTrue();
    }

    // ---- audit -----------------------------------------------------------------------------------------------------

    @Test
    void every_decision_produces_an_audit_event_without_secrets() {
        Credentials creds = new Credentials("dmclient01", Secret.ofUtf8("clientSecret"));
        String digestKey = new String(creds.digestKey().encodedOctets(), StandardCharsets.US_ASCII);
        List<SecurityDecision> decisions = new ArrayList<>();
        decisions.add(
                policy.decideInbound(TransportSecurity.plainHttp(), MD5_ACCOUNT, in(Party.CLIENT, none(), noHmac())));
        decisions.add(policy.decideInbound(
                TransportSecurity.https(),
                MD5_ACCOUNT,
                in(Party.CLIENT, VerificationResult.valid(AuthScheme.MD5), noHmac())));
        decisions.add(policy.decideOutbound(
                TransportSecurity.plainHttp(),
                MD5_ACCOUNT,
                out(Party.SERVER, null, true, ConfidentialContent.CREDENTIALS)));
        decisions.add(policy.decideChallengeAnswer(
                TransportSecurity.https(), MD5_ACCOUNT, Challenge.issue(AuthScheme.BASIC), Party.CLIENT));
        decisions.add(policy.decideEndpoint(HTTPS_ACCOUNT, URI.create("http://x/")));

        assertThat(events).hasSize(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            SecurityDecision d = decisions.get(i);
            SecurityAuditEvent e = events.get(i);
            assertThat(d.audit()).isEqualTo(e);
            assertThat(e.verdict()).isEqualTo(d.verdict());
            assertThat(e.at()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
            assertThat(e.subject()).isEqualTo("com.example.dms");
            String line = e.toLogLine() + e;
            assertThat(line).doesNotContain("clientSecret").doesNotContain(digestKey);
            d.challengeToSend().ifPresent(c -> {
                if (c.nextNonce() != null) {
                    assertThat(line).doesNotContain(c.nextNonce().b64());
                }
            });
        }
        assertThat(events.get(0).toLogLine())
                .contains("point=message.inbound")
                .contains("verdict=CHALLENGE")
                .contains("status=407")
                .contains("CR-8");
    }
}
