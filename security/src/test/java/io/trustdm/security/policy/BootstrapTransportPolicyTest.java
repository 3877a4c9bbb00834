package io.trustdm.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.bootstrap.SecMacStatus;
import io.trustdm.security.transport.TransportSecurity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapTransportPolicyTest {
    private final List<SecurityAuditEvent> events = new ArrayList<>();
    private final BootstrapTransportPolicy policy = new BootstrapTransportPolicy(
            events::add, Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private static final List<TransportSecurity> SECURE_FOR_RECEIVING = List.of(
            TransportSecurity.https(),
            TransportSecurity.httpsMutualTls(),
            TransportSecurity.obexOverTls(false),
            TransportSecurity.obexOverTls(true),
            TransportSecurity.smartcard(),
            TransportSecurity.factoryFile());

    private static final List<TransportSecurity> NOT_SECURE = List.of(
            TransportSecurity.wapPushSms(),
            TransportSecurity.wdpUdp(),
            TransportSecurity.plainHttp(),
            TransportSecurity.obexOverTcp(),
            TransportSecurity.httpsUnverified());

    @Test
    void bootstrap_MUST_be_sent_via_secure_transport() {
        for (TransportSecurity t : SECURE_FOR_RECEIVING) {
            SecurityDecision d = policy.decideReceive(t, "com.example.dms", SecMacStatus.ABSENT);
            assertThat(d.verdict()).as(t.channel()).isEqualTo(Verdict.ACCEPT);
            assertThat(d.rules()).contains(SecurityRule.CR_1);
        }
        for (TransportSecurity t : NOT_SECURE) {
            SecurityDecision d = policy.decideReceive(t, "com.example.dms", SecMacStatus.ABSENT);
            assertThat(d.verdict()).as(t.channel()).isEqualTo(Verdict.REFUSE);
            assertThat(d.reason()).startsWith("bootstrap refused: ").contains(t.channel());
        }
        // Server side: only over a secure transport that authenticated the device that gets the secrets.
        assertThat(policy.decideSend(TransportSecurity.httpsMutualTls(), "IMEI:490154203237518")
                        .isAccepted())
                .isTrue();
        assertThat(policy.decideSend(TransportSecurity.smartcard(), "IMEI:490154203237518")
                        .isAccepted())
                .isTrue();
        assertThat(policy.decideSend(TransportSecurity.factoryFile(), "IMEI:490154203237518")
                        .isAccepted())
                .isTrue();
        SecurityDecision anonymousDevice = policy.decideSend(TransportSecurity.https(), "IMEI:490154203237518");
        assertThat(anonymousDevice.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(anonymousDevice.reason()).contains("does not authenticate the device");
        for (TransportSecurity t : NOT_SECURE) {
            assertThat(policy.decideSend(t, "IMEI:490154203237518").verdict())
                    .as(t.channel())
                    .isEqualTo(Verdict.REFUSE);
        }
    }

    @Test
    void plain_wap_push_bootstrap_is_refused_with_a_clear_reason() {
        SecurityDecision d =
                policy.decideReceive(TransportSecurity.wapPushSms(), "com.example.dms", SecMacStatus.ABSENT);
        assertThat(d.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(d.reason())
                .isEqualTo(
                        "bootstrap refused: WAP Push over SMS is not a secure transport (no authentication, integrity,"
                                + " encryption). Deliver it over HTTPS with mutual TLS, OBEX over TLS, a smartcard or a factory"
                                + " file");
    }

    @Test
    void transport_neutral_security_MAY_be_applied_to_bootstrap_but_never_replaces_secure_transport() {
        SecurityDecision macOverPush =
                policy.decideReceive(TransportSecurity.wapPushSms(), "com.example.dms", SecMacStatus.VALID);
        assertThat(macOverPush.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(macOverPush.reason()).contains("a valid SEC/MAC does not replace a secure transport");
        assertThat(macOverPush.rules()).contains(SecurityRule.CR_1, SecurityRule.CR_2);

        TransportSecurity tls = TransportSecurity.httpsMutualTls();
        assertThat(policy.decideReceive(tls, "com.example.dms", SecMacStatus.VALID)
                        .isAccepted())
                .isTrue();
        assertThat(policy.decideReceive(tls, "com.example.dms", SecMacStatus.ABSENT)
                        .isAccepted())
                .isTrue();
        SecurityDecision wrongMac = policy.decideReceive(tls, "com.example.dms", SecMacStatus.INVALID);
        assertThat(wrongMac.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(wrongMac.reason()).contains("SEC/MAC is present but does not verify");
    }

    @Test
    void smartcard_is_a_secure_transport() {
        SecurityDecision d =
                policy.decideReceive(TransportSecurity.smartcard(), "com.example.dms", SecMacStatus.ABSENT);
        assertThat(d.isAccepted()).isTrue();
        assertThat(d.rules()).contains(SecurityRule.CR_4);
    }

    @Test
    void sec_less_push_is_never_accepted() {
        assertThat(policy.decideReceive(TransportSecurity.wapPushSms(), "x", SecMacStatus.ABSENT)
                        .isAccepted())
                .isFalse();
        assertThat(policy.decideReceive(TransportSecurity.wdpUdp(), "x", SecMacStatus.INVALID)
                        .isAccepted())
                .isFalse();
    }

    @Test
    void bootstrap_decisions_carry_no_dm_status_and_are_all_audited() {
        SecurityDecision a =
                policy.decideReceive(TransportSecurity.smartcard(), "com.example.dms", SecMacStatus.ABSENT);
        SecurityDecision b =
                policy.decideReceive(TransportSecurity.wapPushSms(), "com.example.dms", SecMacStatus.VALID);
        SecurityDecision c = policy.decideSend(TransportSecurity.https(), "IMEI:490154203237518");
        assertThat(List.of(a, b, c)).allSatisfy(d -> assertThat(d.dmStatus()).isEmpty());
        assertThat(events).containsExactly(a.audit(), b.audit(), c.audit());
        assertThat(events.get(0).decisionPoint()).isEqualTo("bootstrap.receive");
        assertThat(events.get(2).decisionPoint()).isEqualTo("bootstrap.send");
    }
}
