package io.trustdm.security.policy;

import io.trustdm.security.bootstrap.SecMacStatus;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import java.time.Clock;
import java.util.Objects;

/**
 * The change request's bootstrap rule (DM Security §5.11.2): a bootstrap message is sent and accepted <em>only</em>
 * over a Secure Transport (authentication, integrity and encryption; a smartcard is one). Transport-neutral security
 * (SEC/MAC) MAY be applied on top; when present it must verify, but it never makes an insecure channel acceptable. A
 * plain WAP Push bootstrap is therefore refused however good its MAC, and there is no legacy switch.
 *
 * <p>Receiving (device side) also needs the transport to have authenticated the server, the origin of the bootstrap;
 * sending (server side) needs it to have authenticated the device, because a bootstrap carries that device's secrets.
 * Bootstraps get no DM response, so decisions carry no status.
 */
public final class BootstrapTransportPolicy {
    static final String RECEIVE = "bootstrap.receive";
    static final String SEND = "bootstrap.send";

    private final DecisionRecorder recorder;

    public BootstrapTransportPolicy(SecurityAuditSink sink) {
        this(sink, Clock.systemUTC());
    }

    public BootstrapTransportPolicy(SecurityAuditSink sink, Clock clock) {
        this.recorder = new DecisionRecorder(sink, clock);
    }

    /**
     * Device side: may a bootstrap that arrived over {@code transport} be applied? {@code subject} names the source
     * (e.g. the ServerID it claims); {@code secMac} is what checking its SEC/MAC found.
     */
    public SecurityDecision decideReceive(TransportSecurity transport, String subject, SecMacStatus secMac) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(secMac, "secMac");
        DecisionRecorder.Builder b =
                recorder.at(RECEIVE, subject, Party.SERVER, transport).rule(SecurityRule.CR_1);
        String insecure = insecurity(transport, Party.SERVER);
        if (insecure != null) {
            if (secMac != SecMacStatus.ABSENT) {
                b.rule(SecurityRule.CR_2);
            }
            return b.rule(SecurityRule.CR_5)
                    .decide(
                            Verdict.REFUSE,
                            "bootstrap refused: " + insecure
                                    + (secMac == SecMacStatus.VALID
                                            ? "; a valid SEC/MAC does not replace a secure transport"
                                            : "")
                                    + ". Deliver it over HTTPS with mutual TLS, OBEX over TLS, a smartcard or a factory file");
        }
        if (secMac == SecMacStatus.INVALID) {
            return b.rule(SecurityRule.CR_2)
                    .decide(Verdict.REFUSE, "bootstrap refused: its SEC/MAC is present but does not verify");
        }
        if (secMac == SecMacStatus.VALID) {
            b.rule(SecurityRule.CR_2);
        }
        if (transport.kind() == ChannelKind.SMARTCARD) {
            b.rule(SecurityRule.CR_4);
        }
        return b.decide(
                Verdict.ACCEPT,
                "bootstrap accepted over secure transport " + transport.channel()
                        + (secMac == SecMacStatus.VALID ? " with a verified SEC/MAC" : ""));
    }

    /** Server side: may a bootstrap for device {@code subject} be delivered over {@code transport}? */
    public SecurityDecision decideSend(TransportSecurity transport, String subject) {
        Objects.requireNonNull(transport, "transport");
        DecisionRecorder.Builder b =
                recorder.at(SEND, subject, Party.SERVER, transport).rule(SecurityRule.CR_1);
        String insecure = insecurity(transport, Party.CLIENT);
        if (insecure != null) {
            return b.rule(SecurityRule.CR_5)
                    .decide(
                            Verdict.REFUSE,
                            "bootstrap not sent: " + insecure
                                    + ". Use the HTTPS bootstrap endpoint with mutual TLS, OBEX over TLS, a smartcard image"
                                    + " or a factory file; an SMS may only tell the device to fetch its bootstrap over TLS");
        }
        return b.decide(Verdict.ACCEPT, "bootstrap may be sent over secure transport " + transport.channel());
    }

    /** Why {@code transport} is not good enough for a bootstrap whose counterpart is {@code mustBeAuthenticated}. */
    private static String insecurity(TransportSecurity transport, Party mustBeAuthenticated) {
        if (transport.hasDefect()) {
            return transport.channel() + " failed verification ("
                    + transport.defectReason().orElse("defect") + ")";
        }
        if (!transport.isSecureTransport()) {
            StringBuilder missing = new StringBuilder();
            if (!transport.serverAuthenticated() && !transport.clientAuthenticated()) {
                missing.append("authentication");
            }
            if (!transport.integrity()) {
                missing.append(missing.length() == 0 ? "" : ", ").append("integrity");
            }
            if (!transport.confidentiality()) {
                missing.append(missing.length() == 0 ? "" : ", ").append("encryption");
            }
            return transport.channel() + " is not a secure transport (no " + missing + ")";
        }
        if (!transport.authenticates(mustBeAuthenticated)) {
            return transport.channel() + " does not authenticate the "
                    + (mustBeAuthenticated == Party.SERVER
                            ? "server that sends the bootstrap"
                            : "device that receives it (its secrets would go to whoever asks)");
        }
        return null;
    }
}
