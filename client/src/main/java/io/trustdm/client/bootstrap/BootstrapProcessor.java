package io.trustdm.client.bootstrap;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.provisioning.ProvisioningDocument;
import io.trustdm.protocol.provisioning.ProvisioningWbxmlDecoder;
import io.trustdm.protocol.provisioning.W7Application;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.bootstrap.SecMacStatus;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.policy.Verdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies the rules of DM Security §5.11.2 (as changed) and OMA-TS-DM_Bootstrap on the Device side:
 *
 * <ol>
 *   <li>the delivery's channel must be a Secure Transport (authentication, integrity and encryption; a smartcard
 *       or factory file counts) — otherwise the bootstrap is refused whatever SEC/MAC it carries;
 *   <li>SEC/MAC, when present, must verify with the Device's key material (fail closed when the key is missing);
 *   <li>the Plain profile must be WBXML; the CP profile must hold exactly one w7 APPLICATION;
 *   <li>the account must name a ServerID, an address and credentials in both directions.
 * </ol>
 * Every decision is recorded by the policy's audit sink.
 */
public final class BootstrapProcessor {
    private final BootstrapTransportPolicy policy;
    private final Function<SecurityMethod, Optional<BootstrapKey>> keys;

    /**
     * @param keys the Device's key material for a SEC method (IMSI for NETWPIN, the user's PIN for USERPIN ...)
     */
    public BootstrapProcessor(BootstrapTransportPolicy policy, Function<SecurityMethod, Optional<BootstrapKey>> keys) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public BootstrappedAccount process(BootstrapDelivery d) throws BootstrapRefusedException {
        Map<String, String> params = parameters(d.contentType());
        SecMacStatus secMac = secMac(params, d.body());
        SecurityDecision decision = policy.decideReceive(d.transport(), d.origin(), secMac);
        if (decision.verdict() != Verdict.ACCEPT) {
            throw new BootstrapRefusedException(decision.reason(), decision);
        }
        String media = mediaType(d.contentType());
        Map<String, Object> leaves;
        try {
            leaves = switch (media) {
                case "application/vnd.syncml.dm+wbxml" -> plain(WbxmlDecoder.decode(d.body()));
                case "application/vnd.wap.connectivity-wbxml" -> cp(ProvisioningWbxmlDecoder.decode(d.body()));
                case "application/vnd.syncml.dm+xml" ->
                    throw new BootstrapRefusedException(
                            "a Plain-profile bootstrap must be WBXML, XML is not allowed", null);
                default -> throw new BootstrapRefusedException("unknown bootstrap content type '" + media + "'", null);
            };
        } catch (SyncMlFormatException e) {
            throw new BootstrapRefusedException("bootstrap document is malformed: " + e.getMessage(), null);
        }
        return account(leaves);
    }

    private SecMacStatus secMac(Map<String, String> params, byte[] body) throws BootstrapRefusedException {
        String sec = params.get("SEC");
        if (sec == null) {
            return SecMacStatus.ABSENT;
        }
        Optional<SecurityMethod> method = SecurityMethod.fromName(sec);
        String mac = params.get("MAC");
        if (method.isEmpty() || mac == null) {
            return SecMacStatus.INVALID;
        }
        Optional<BootstrapKey> key = keys.apply(method.get());
        if (key.isEmpty()) {
            return SecMacStatus.INVALID; // cannot verify: fail closed
        }
        boolean ok = method.get() == SecurityMethod.USERPINMAC
                ? BootstrapMac.verifyUserPinMacParameter(key.get(), body, mac)
                : BootstrapMac.verify(key.get(), body, mac);
        return ok ? SecMacStatus.VALID : SecMacStatus.INVALID;
    }

    /** The leaves of the one DMAcc account a Plain bootstrap adds, relative to {@code ./DMAcc/<x>}. */
    private static Map<String, Object> plain(SyncMl m) throws BootstrapRefusedException {
        Map<String, Object> leaves = new LinkedHashMap<>();
        String node = null;
        for (Command c : m.body().commands()) {
            if (!(c instanceof Add) && !(c instanceof Replace)) {
                continue;
            }
            for (Item i : ((ItemCommand) c).items()) {
                if (i.target() == null || !i.target().locUri().startsWith("./DMAcc/")) {
                    continue;
                }
                String rest = i.target().locUri().substring("./DMAcc/".length());
                int slash = rest.indexOf('/');
                String acc = slash < 0 ? rest : rest.substring(0, slash);
                if (node == null) {
                    node = acc;
                } else if (!node.equals(acc)) {
                    throw new BootstrapRefusedException("bootstrap adds more than one DM account", null);
                }
                if (slash >= 0 && i.data() != null) {
                    Object v = i.data() instanceof ItemData.Opaque o
                            ? o.bytes()
                            : i.data().asText();
                    leaves.put(rest.substring(slash + 1), v);
                }
            }
        }
        if (node == null) {
            throw new BootstrapRefusedException("bootstrap adds no ./DMAcc account", null);
        }
        leaves.put("", node);
        return leaves;
    }

    private static Map<String, Object> cp(ProvisioningDocument doc) throws BootstrapRefusedException {
        List<W7Application> apps = W7Application.findAll(doc);
        if (apps.size() != 1) {
            throw new BootstrapRefusedException(
                    "CP bootstrap must hold exactly one w7 APPLICATION, found " + apps.size(), null);
        }
        W7Application w7 = apps.get(0);
        Map<String, Object> leaves = new LinkedHashMap<>();
        for (W7Application.DmAccLeaf l : w7.dmAccLeaves()) {
            Object v;
            if (l.value() instanceof W7Application.Chr c) {
                v = c.text();
            } else if (l.value() instanceof W7Application.Bin b) {
                v = b.bytes();
            } else {
                v = l.value().toString();
            }
            leaves.put(l.path(), v);
        }
        leaves.put("", w7.providerId().replaceAll("[^A-Za-z0-9]", ""));
        return leaves;
    }

    static BootstrappedAccount account(Map<String, Object> leaves) throws BootstrapRefusedException {
        String serverId = text(leaves, "ServerID");
        String addr = text(leaves, "AppAddr/1/Addr");
        if (serverId == null || addr == null) {
            throw new BootstrapRefusedException("bootstrap lacks ServerID or AppAddr", null);
        }
        Credentials client = null, server = null;
        Nonce cn = null, sn = null;
        AuthScheme clientScheme = null;
        for (int i = 1; i <= 8; i++) {
            String base = "AppAuth/" + i + "/";
            String level = text(leaves, base + "AAuthLevel");
            if (level == null) {
                continue;
            }
            String name = text(leaves, base + "AAuthName");
            String secret = text(leaves, base + "AAuthSecret");
            Credentials creds = name == null || secret == null ? null : new Credentials(name, Secret.ofUtf8(secret));
            Nonce nonce = leaves.get(base + "AAuthData") instanceof byte[] b && b.length > 0 ? Nonce.of(b) : null;
            if (level.equals("CLCRED")) {
                client = creds;
                cn = nonce;
                clientScheme = AuthScheme.fromAAuthType(text(leaves, base + "AAuthType"))
                        .orElse(null);
            } else if (level.equals("SRVCRED")) {
                server = creds;
                sn = nonce;
            }
        }
        String pref = text(leaves, "AAuthPref");
        if (pref != null) {
            clientScheme = AuthScheme.fromAAuthType(pref).orElse(clientScheme);
        }
        if (client == null || clientScheme == null || !clientScheme.isSupported()) {
            throw new BootstrapRefusedException("bootstrap gives the Device no usable credentials (CLCRED)", null);
        }
        URI uri;
        try {
            uri = URI.create(addr);
        } catch (IllegalArgumentException e) {
            throw new BootstrapRefusedException("AppAddr is not a URI", null);
        }
        Map<String, Object> relative = new LinkedHashMap<>(leaves);
        String node = (String) relative.remove("");
        return new BootstrappedAccount(serverId, node, uri, clientScheme, client, server, cn, sn, relative);
    }

    private static String text(Map<String, Object> leaves, String key) {
        Object v = leaves.get(key);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return null;
    }

    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    static Map<String, String> parameters(String contentType) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                m.put(
                        parts[i].substring(0, eq).strip().toUpperCase(Locale.ROOT),
                        parts[i].substring(eq + 1).strip());
            }
        }
        return m;
    }
}
