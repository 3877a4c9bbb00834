package io.trustdm.server.bootstrap;

import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.policy.SecurityRule;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.auth.DeviceAccount;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares bootstraps and hands them out only over a Secure Transport (DM Security §5.11.2.1 as changed: "The
 * Bootstrap message MUST be sent to the DM Client via secure transport"). Transport-neutral SEC/MAC may be added on
 * top; it never makes an insecure channel acceptable. Every refusal is an audit event from the policy.
 */
public final class BootstrapService {
    /** The decision point of a smartcard image leaving the server for card personalisation. */
    public static final String EXPORT_DECISION_POINT = "bootstrap.export";

    private final BootstrapTemplates templates;
    private final AccountProvisioning provisioning;
    private final BootstrapTransportPolicy policy;
    private final SecureRandom random;
    private final SecurityAuditSink exports;
    private final Clock clock;
    private final Map<String, BootstrapPackage> pending = new ConcurrentHashMap<>();

    public BootstrapService(
            BootstrapTemplate template,
            AccountProvisioning provisioning,
            BootstrapTransportPolicy policy,
            SecureRandom random) {
        this(template, provisioning, policy, SecurityAuditSink.discard(), random);
    }

    /**
     * As the four-argument constructor, and {@code exports} receives one {@value #EXPORT_DECISION_POINT} event per
     * smartcard image handed to an operator ({@link #exportCardImage}), on top of the policy's own decision.
     */
    public BootstrapService(
            BootstrapTemplate template,
            AccountProvisioning provisioning,
            BootstrapTransportPolicy policy,
            SecurityAuditSink exports,
            SecureRandom random) {
        this(
                BootstrapTemplates.of(Objects.requireNonNull(template, "template")),
                provisioning,
                policy,
                exports,
                random);
    }

    /**
     * With a catalogue: each Device is bootstrapped from its own template, else its group's, else the default
     * (see {@link BootstrapTemplates}); secrets are generated per Device whatever the template.
     */
    public BootstrapService(
            BootstrapTemplates templates,
            AccountProvisioning provisioning,
            BootstrapTransportPolicy policy,
            SecurityAuditSink exports,
            SecureRandom random) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates the Device's account with fresh secrets, registers it, and keeps the bootstrap ready for a secure
     * delivery. {@code secMac} (may be {@code null}) adds transport-neutral security on top.
     */
    public BootstrapPackage prepare(String deviceId, BootstrapProfile profile, BootstrapKey secMac) {
        return prepare(deviceId, profile, secMac, null);
    }

    /**
     * As {@link #prepare(String, BootstrapProfile, BootstrapKey)} with the template of the named {@code group}
     * (null: the device's own, else its group's, else the default).
     *
     * @throws BootstrapTemplates.UnknownTemplateGroupException when {@code group} names no template
     */
    public BootstrapPackage prepare(String deviceId, BootstrapProfile profile, BootstrapKey secMac, String group) {
        BootstrapTemplate template = templates.resolve(deviceId, group);
        ProvisionedAccount a = ProvisionedAccount.generate(deviceId, template, random);
        byte[] body = profile == BootstrapProfile.PLAIN
                ? BootstrapDocuments.plain(a, template)
                : BootstrapDocuments.cp(a, template);
        BootstrapPackage pkg = secMac == null
                ? new BootstrapPackage(deviceId, profile, body, null, null)
                : new BootstrapPackage(deviceId, profile, body, secMac.method(), BootstrapMac.computeHex(secMac, body));
        provisioning.provision(
                new DeviceAccount(
                        deviceId,
                        AccountSecurity.of(
                                deviceId,
                                template.clientScheme(),
                                template.address().getScheme().equals("https")),
                        false,
                        a.client().username(),
                        a.client().digestKey(),
                        a.server().username(),
                        a.server().digestKey(),
                        template.serverScheme()),
                a.clientNonce(),
                a.serverNonce());
        pending.put(deviceId, pkg);
        return pkg;
    }

    /** The template catalogue this service bootstraps from (the default, the groups and their members). */
    public BootstrapTemplates templates() {
        return templates;
    }

    /** The outcome of a delivery attempt: the package, or the policy's refusal. */
    public record Delivery(Optional<BootstrapPackage> bootstrap, SecurityDecision decision) {}

    /**
     * Hands out the Device's bootstrap if {@code transport} is a Secure Transport that authenticated this Device;
     * otherwise refuses (and the policy records why).
     */
    public Delivery deliver(String deviceId, TransportSecurity transport) {
        SecurityDecision d = policy.decideSend(transport, deviceId);
        if (d.verdict() != Verdict.ACCEPT) {
            return new Delivery(Optional.empty(), d);
        }
        return new Delivery(Optional.ofNullable(pending.get(deviceId)), d);
    }

    /** Whether a bootstrap is waiting for this Device. */
    public boolean hasPending(String deviceId) {
        return pending.containsKey(deviceId);
    }

    /**
     * The smartcard image for this Device's prepared bootstrap, for card personalisation. Goes through the same policy
     * as every delivery: a smartcard is a Secure Transport (CR-4), so it is accepted and audited like the HTTPS
     * endpoint.
     */
    public Optional<CardImage> cardImage(String deviceId) {
        Delivery d = deliver(deviceId, TransportSecurity.smartcard());
        return d.bootstrap().map(SmartcardImages::of);
    }

    /**
     * The smartcard image of this Device's prepared bootstrap, handed to an operator who personalises the card
     * ({@code requester} names who asked and how, e.g. {@code "admin API from 192.0.2.7"}). The image holds the
     * Device's bootstrap secrets, so besides the policy's decision for the smartcard transport, every export is
     * recorded as a {@value #EXPORT_DECISION_POINT} event naming the requester. Empty (and nothing recorded) when no
     * bootstrap is prepared for the Device.
     */
    public Optional<CardImage> exportCardImage(String deviceId, String requester) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(requester, "requester");
        if (!pending.containsKey(deviceId)) {
            return Optional.empty();
        }
        Optional<CardImage> image = cardImage(deviceId);
        image.ifPresent(i -> exports.record(new SecurityAuditEvent(
                clock.instant(),
                EXPORT_DECISION_POINT,
                deviceId,
                Party.SERVER,
                requester,
                Verdict.ACCEPT,
                OptionalInt.empty(),
                "smartcard image (PKCS#15) with the device's bootstrap secrets exported for card personalisation",
                List.of(SecurityRule.CR_1.id(), SecurityRule.CR_4.id()))));
        return image;
    }
}
