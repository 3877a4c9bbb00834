package io.trustdm.client.bootstrap;

import io.trustdm.client.bootstrap.SmartcardException.CardCommunicationException;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.Principal;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the DM accounts that came from the smartcard in step with the card, at every start of the Device
 * (OMA-TS-DM_Bootstrap smartcard rules, security.md §6.1 SC-1, SC-3, SC-4).
 *
 * <p>{@link #reconcile} reads the bootstrap from the card (PKCS#15: SELECT, READ BINARY, through a {@link
 * SmartcardBootstrapSource}), checks it like every bootstrap ({@link BootstrapProcessor}), and:
 *
 * <ul>
 *   <li>installs the card's account if the Device does not have it yet, and records that it came from the card;
 *   <li>leaves it untouched when the card still holds the same bootstrap (same SHA-256 over Content-Type and
 *       document): what authenticated DM sessions changed since (nonces, a new secret) is kept, and nothing is
 *       duplicated;
 *   <li>replaces it when the card holds a different bootstrap for the same account node (the card was replaced or
 *       re-issued: the new data comes over the same Secure Transport as the old, so it may take over — §5.5);
 *   <li>removes every account recorded as from the card that the card no longer holds: card absent, card without a
 *       bootstrap, a card bootstrap that is refused, or a card for another account;
 *   <li>never touches an account that came from another source: a card bootstrap for an account node or ServerID the
 *       Device already has from elsewhere is a conflict, reported and not applied (§5.5: never overwrite silently).
 * </ul>
 *
 * A card that is present but cannot be read (a communication error) changes nothing: the Device cannot tell what is
 * on it.
 *
 * <p>The record of card accounts lives in the tree ({@value #RECORDS}), so it is persisted with it by {@code
 * TreeStore}. Servers cannot change it: the Device creates it with an ACL naming only {@value
 * #DEVICE_ONLY}, a ServerID no account may use ({@link #reconcile} refuses a card account with it); a node found
 * there with any other ACL (a server got there first) is discarded and rebuilt.
 */
public final class SmartcardAccounts {
    /** Where the Device records which account nodes came from the card: one leaf per node, the bootstrap's hash. */
    public static final String RECORDS = "./TrustDM/SmartcardAccounts";

    /** The only id in the record's ACL; reserved, never a real ServerID. */
    public static final String DEVICE_ONLY = "trustdm.device-only";

    private static final String ROOT = "./TrustDM";
    private static final Logger LOG = LoggerFactory.getLogger(SmartcardAccounts.class);

    /** What the reader found. */
    public enum CardState {
        /** A card with a bootstrap that was accepted. */
        BOOTSTRAP,
        /** No card in the reader (or no reader). */
        ABSENT,
        /** A card without a usable DM bootstrap (no PKCS#15 application, no DM_Bootstrap object, broken data). */
        NO_BOOTSTRAP,
        /** A card bootstrap that the bootstrap rules refused (for example a SEC/MAC that does not verify). */
        REFUSED,
        /** A card that could not be read; nothing was changed. */
        UNREADABLE
    }

    /**
     * The outcome of one reconciliation: account nodes installed, kept as they were, replaced, removed, and not
     * applied because another source owns them; {@code detail} says why for every state but {@code BOOTSTRAP}.
     */
    public record Report(
            CardState card,
            List<String> installed,
            List<String> unchanged,
            List<String> replaced,
            List<String> removed,
            List<String> conflicts,
            String detail) {
        public Report {
            Objects.requireNonNull(card, "card");
            installed = List.copyOf(installed);
            unchanged = List.copyOf(unchanged);
            replaced = List.copyOf(replaced);
            removed = List.copyOf(removed);
            conflicts = List.copyOf(conflicts);
            detail = detail == null ? "" : detail;
        }
    }

    private final ManagementTree tree;
    private final BootstrapProcessor processor;

    public SmartcardAccounts(ManagementTree tree, BootstrapProcessor processor) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    /** The account nodes currently recorded as from the card. */
    public List<String> cardAccountNodes() {
        return new ArrayList<>(records().keySet());
    }

    /** Reads the card once and brings the card accounts in the tree in line with it. */
    public synchronized Report reconcile(BootstrapSource card) {
        Objects.requireNonNull(card, "card");
        ensureRecordNode();
        Map<String, String> recorded = records();
        BootstrapDelivery delivery;
        try {
            delivery = card.fetch();
        } catch (CardCommunicationException e) {
            return unreadable(e);
        } catch (SmartcardException.CardAbsentException e) {
            return removeAll(recorded, CardState.ABSENT, e.getMessage());
        } catch (SmartcardException e) {
            return removeAll(recorded, CardState.NO_BOOTSTRAP, e.getMessage());
        } catch (IOException e) {
            return unreadable(e);
        }
        BootstrappedAccount account;
        try {
            account = processor.process(delivery);
        } catch (BootstrapRefusedException e) {
            return removeAll(recorded, CardState.REFUSED, e.getMessage());
        }
        if (account.serverId().equals(DEVICE_ONLY)) {
            return removeAll(recorded, CardState.REFUSED, "the card names the reserved ServerID " + DEVICE_ONLY);
        }
        String node = account.accountNode();
        String digest = digest(delivery);
        List<String> installed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();

        for (String old : recorded.keySet()) {
            if (!old.equals(node)) {
                removeAccount(old);
                removed.add(old);
            }
        }
        boolean fromCard = recorded.containsKey(node);
        boolean present = tree.inspect("./DMAcc/" + node).isPresent();
        Optional<String> otherOwner = otherAccountWithServerId(account.serverId(), node);
        if ((present && !fromCard) || otherOwner.isPresent()) {
            conflicts.add(node);
            LOG.warn(
                    "smartcard bootstrap for ServerID {} not applied: account {} came from another source",
                    account.serverId(),
                    otherOwner.orElse(node));
        } else if (fromCard && present && MessageDigest.isEqual(bytes(recorded.get(node)), bytes(digest))) {
            unchanged.add(node);
        } else if (fromCard) {
            if (present) {
                tree.delete(Principal.LOCAL, "./DMAcc/" + node);
            }
            InstalledAccounts.install(tree, account);
            record(node, digest);
            replaced.add(node);
            LOG.info("smartcard account {} re-applied from the card (ServerID {})", node, account.serverId());
        } else {
            InstalledAccounts.install(tree, account);
            record(node, digest);
            installed.add(node);
            LOG.info("smartcard account {} installed from the card (ServerID {})", node, account.serverId());
        }
        return new Report(CardState.BOOTSTRAP, installed, unchanged, replaced, removed, conflicts, null);
    }

    private Report unreadable(IOException e) {
        LOG.warn("smartcard could not be read, card accounts left as they are: {}", e.getMessage());
        return new Report(CardState.UNREADABLE, List.of(), List.of(), List.of(), List.of(), List.of(), e.getMessage());
    }

    private Report removeAll(Map<String, String> recorded, CardState state, String detail) {
        List<String> removed = new ArrayList<>();
        for (String node : recorded.keySet()) {
            removeAccount(node);
            removed.add(node);
        }
        return new Report(state, List.of(), List.of(), List.of(), removed, List.of(), detail);
    }

    private void removeAccount(String node) {
        // Deleting the DMAcc node also scrubs its ServerID from every ACL when no other account has it.
        tree.delete(Principal.LOCAL, "./DMAcc/" + node);
        tree.delete(Principal.LOCAL, RECORDS + "/" + node);
        LOG.info("smartcard account {} removed: the card no longer holds it", node);
    }

    private Optional<String> otherAccountWithServerId(String serverId, String exceptNode) {
        Optional<NodeSnapshot> dmAcc = tree.inspect("./DMAcc");
        if (dmAcc.isEmpty()) {
            return Optional.empty();
        }
        for (String n : dmAcc.get().children()) {
            if (!n.equals(exceptNode)
                    && tree.valueText("./DMAcc/" + n + "/ServerID")
                            .filter(serverId::equals)
                            .isPresent()) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private void record(String node, String digest) {
        String uri = RECORDS + "/" + node;
        if (!tree.add(Principal.LOCAL, uri, NodeContent.text(digest)).isSuccess()) {
            tree.replace(Principal.LOCAL, uri, NodeContent.text(digest));
        }
    }

    private Map<String, String> records() {
        Map<String, String> m = new LinkedHashMap<>();
        tree.inspect(RECORDS).ifPresent(n -> {
            for (String c : n.children()) {
                tree.valueText(RECORDS + "/" + c).ifPresent(v -> m.put(c, v));
            }
        });
        return m;
    }

    private void ensureRecordNode() {
        String acl = deviceOnlyAcl().toString();
        Optional<NodeSnapshot> root = tree.inspect(ROOT);
        if (root.isPresent()
                && (root.get().acl() == null || !acl.equals(root.get().acl().toString()))) {
            // Not made by this class: whatever is in there could be forged.
            LOG.warn("{} has an unexpected ACL; its records are discarded", ROOT);
            tree.delete(Principal.LOCAL, ROOT);
            root = Optional.empty();
        }
        if (root.isEmpty()) {
            tree.add(Principal.LOCAL, ROOT, NodeContent.interior(null));
            tree.replace(Principal.LOCAL, ROOT + "?prop=ACL", NodeContent.text(acl));
        }
        if (tree.inspect(RECORDS).isEmpty()) {
            tree.add(Principal.LOCAL, RECORDS, NodeContent.interior(null));
        }
    }

    private static Acl deviceOnlyAcl() {
        return Acl.forServer(DEVICE_ONLY, AclCommand.GET);
    }

    private static String digest(BootstrapDelivery d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(d.contentType().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(d.body());
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
