package io.trustdm.server.bootstrap;

import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.auth.DeviceAccount;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepares bootstraps and hands them out only over a Secure Transport (DM Security §5.11.2.1 as changed: "The
 * Bootstrap message MUST be sent to the DM Client via secure transport"). Transport-neutral SEC/MAC may be added on
 * top; it never makes an insecure channel acceptable. Every refusal is an audit event from the policy.
 */
public final class BootstrapService {
    private final BootstrapTemplate template;
    private final AccountProvisioning provisioning;
    private final BootstrapTransportPolicy policy;
    private final SecureRandom random;
    private final Map<String, BootstrapPackage> pending = new ConcurrentHashMap<>();

    public BootstrapService(
            BootstrapTemplate template,
            AccountProvisioning provisioning,
            BootstrapTransportPolicy policy,
            SecureRandom random) {
        this.template = Objects.requireNonNull(template, "template");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates the Device's account with fresh secrets, registers it, and keeps the bootstrap ready for a secure
     * delivery. {@code secMac} (may be {@code null}) adds transport-neutral security on top.
     */
    public BootstrapPackage prepare(String deviceId, BootstrapProfile profile, BootstrapKey secMac) {
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
                        a.server().digestKey()),
                a.clientNonce(),
                a.serverNonce());
        pending.put(deviceId, pkg);
        return pkg;
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
}
