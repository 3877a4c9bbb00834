package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.BootstrapSource;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.bootstrap.SmartcardAccounts;
import io.trustdm.client.bootstrap.SmartcardAccounts.CardState;
import io.trustdm.client.bootstrap.SmartcardBootstrapSource;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.smartcard.sim.CardPersonaliser;
import io.trustdm.smartcard.sim.SimulatedCardTerminal;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smartcard bootstrap at every start of the Device (security.md §6.1: SC-1 detect and process, SC-2 may be disabled,
 * SC-3 read at every power-on and apply, SC-4 remove accounts the card no longer holds; §5.5 never overwrite silently).
 * Each "start" is a new {@link DeviceAgent} on the same data directory (the tree comes back from {@code TreeStore});
 * the card is the PKCS#15 applet on jcardsim, read with SELECT and READ BINARY through {@code javax.smartcardio}.
 */
class SmartcardAccountsIT {
    private static final String DEV = "IMEI:353918050000777";
    private static final String OPERATOR = "dm.operator.test";
    private static final String OTHER = "dm.other-operator.test";

    @TempDir
    Path dir;

    private final List<SecurityAuditEvent> audit = new ArrayList<>();

    private static CardImage image(String serverId) {
        BootstrapService s = new BootstrapService(
                new BootstrapTemplate(serverId, "card", URI.create("https://" + serverId + "/dm"), AuthScheme.MD5),
                new InMemoryRegistry(),
                new BootstrapTransportPolicy(e -> {}),
                new SecureRandom());
        s.prepare(DEV, BootstrapProfile.PLAIN, null);
        return s.cardImage(DEV).orElseThrow();
    }

    private static SimulatedCardTerminal cardWith(CardImage image) throws Exception {
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM slot 1");
        new CardPersonaliser(reader.connect("*").getBasicChannel()).personalise(image);
        return reader;
    }

    private static SimulatedCardTerminal noCard() {
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM slot 1");
        reader.removeCard();
        return reader;
    }

    private static final Function<SecurityMethod, Optional<BootstrapKey>> NO_KEYS = m -> Optional.empty();

    private DeviceAgent start(SimulatedCardTerminal reader) {
        return DeviceAgent.builder(DEV)
                .dataDirectory(dir)
                .audit(audit::add)
                .smartcard(new SmartcardBootstrapSource(reader), NO_KEYS)
                .build();
    }

    private static String node(String serverId) {
        return serverId.replaceAll("[^A-Za-z0-9]", "");
    }

    @Test
    void device_with_a_smartcard_MUST_retrieve_and_process_its_bootstrap_at_start() throws Exception {
        try (DeviceAgent a = start(cardWith(image(OPERATOR)))) {
            SmartcardAccounts.Report r = a.smartcardReport().orElseThrow();
            assertThat(r.card()).isEqualTo(CardState.BOOTSTRAP);
            assertThat(r.installed()).containsExactly(node(OPERATOR));
            assertThat(a.account())
                    .hasValueSatisfying(acc -> assertThat(acc.serverId()).isEqualTo(OPERATOR));
            assertThat(a.tree().valueText("./DMAcc/" + node(OPERATOR) + "/ServerID"))
                    .contains(OPERATOR);
            assertThat(a.tree().valueText(SmartcardAccounts.RECORDS + "/" + node(OPERATOR)))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("sha256:"));
            assertThat(audit).anySatisfy(e -> assertThat(e.rules()).contains("CR-1", "CR-4"));
        }
    }

    @Test
    void smartcard_bootstrap_SHALL_be_read_at_every_power_on_and_the_same_card_leaves_the_account_unchanged()
            throws Exception {
        CardImage card = image(OPERATOR);
        String acc = "./DMAcc/" + node(OPERATOR);
        try (DeviceAgent a = start(cardWith(card))) {
            // what an authenticated DM session may change afterwards (here: the account's display name)
            a.tree().replace(Principal.LOCAL, acc + "/Name", NodeContent.text("renamed by the server"));
        }
        audit.clear();
        try (DeviceAgent b = start(cardWith(card))) {
            SmartcardAccounts.Report r = b.smartcardReport().orElseThrow();
            assertThat(audit).as("the card was read again").isNotEmpty();
            assertThat(r.unchanged()).containsExactly(node(OPERATOR));
            assertThat(r.installed()).isEmpty();
            assertThat(r.replaced()).isEmpty();
            assertThat(b.tree().inspect("./DMAcc").orElseThrow().children()).containsExactly(node(OPERATOR));
            assertThat(b.tree().valueText(acc + "/Name")).contains("renamed by the server");
        }
    }

    @Test
    void accounts_no_longer_on_the_card_SHOULD_be_removed_at_power_on_and_other_accounts_are_kept() throws Exception {
        try (DeviceAgent a = start(cardWith(image(OPERATOR)))) {
            a.provision(InstalledAccounts.factory(
                    "factory",
                    OTHER,
                    URI.create("https://" + OTHER + "/dm"),
                    AuthScheme.MD5,
                    new Credentials(DEV, Secret.ofUtf8("factory-Secret-0123")),
                    new Credentials(OTHER, Secret.ofUtf8("factory-Secret-4567"))));
        }
        try (DeviceAgent b = start(noCard())) {
            SmartcardAccounts.Report r = b.smartcardReport().orElseThrow();
            assertThat(r.card()).isEqualTo(CardState.ABSENT);
            assertThat(r.removed()).containsExactly(node(OPERATOR));
            assertThat(b.tree().inspect("./DMAcc/" + node(OPERATOR))).isEmpty();
            assertThat(b.tree().inspect(SmartcardAccounts.RECORDS).orElseThrow().children())
                    .isEmpty();
            assertThat(b.tree().valueText("./DMAcc/factory/ServerID")).contains(OTHER);
            assertThat(b.account())
                    .hasValueSatisfying(acc -> assertThat(acc.serverId()).isEqualTo(OTHER));
            assertThat(b.tree().inspect("./FUMO/1").orElseThrow().acl().toString())
                    .as("the removed ServerID is scrubbed from every ACL")
                    .doesNotContain(OPERATOR);
        }
    }

    @Test
    void a_card_replaced_by_one_for_another_server_removes_the_old_card_account_and_installs_the_new()
            throws Exception {
        try (DeviceAgent a = start(cardWith(image(OPERATOR)))) {
            assertThat(a.smartcardReport().orElseThrow().installed()).containsExactly(node(OPERATOR));
        }
        try (DeviceAgent b = start(cardWith(image(OTHER)))) {
            SmartcardAccounts.Report r = b.smartcardReport().orElseThrow();
            assertThat(r.removed()).containsExactly(node(OPERATOR));
            assertThat(r.installed()).containsExactly(node(OTHER));
            assertThat(b.tree().inspect("./DMAcc").orElseThrow().children()).containsExactly(node(OTHER));
            assertThat(b.account())
                    .hasValueSatisfying(acc -> assertThat(acc.serverId()).isEqualTo(OTHER));
        }
    }

    @Test
    void a_reissued_card_for_the_same_server_replaces_the_card_account_it_came_over_the_same_secure_transport()
            throws Exception {
        try (DeviceAgent a = start(cardWith(image(OPERATOR)))) {
            assertThat(a.smartcardReport().orElseThrow().installed()).containsExactly(node(OPERATOR));
        }
        CardImage reissued = image(OPERATOR); // fresh secrets
        try (DeviceAgent b = start(cardWith(reissued))) {
            SmartcardAccounts.Report r = b.smartcardReport().orElseThrow();
            assertThat(r.replaced()).containsExactly(node(OPERATOR));
            assertThat(b.tree().inspect("./DMAcc").orElseThrow().children()).containsExactly(node(OPERATOR));
        }
        try (DeviceAgent c = start(cardWith(reissued))) {
            assertThat(c.smartcardReport().orElseThrow().unchanged()).containsExactly(node(OPERATOR));
        }
    }

    @Test
    void a_card_bootstrap_never_silently_overwrites_an_account_from_another_source() throws Exception {
        String acc = "./DMAcc/" + node(OPERATOR);
        try (DeviceAgent a = DeviceAgent.builder(DEV).dataDirectory(dir).build()) {
            a.provision(InstalledAccounts.factory(
                    node(OPERATOR),
                    OPERATOR,
                    URI.create("https://factory.example/dm"),
                    AuthScheme.MD5,
                    new Credentials(DEV, Secret.ofUtf8("factory-Secret-0123")),
                    null));
        }
        try (DeviceAgent b = start(cardWith(image(OPERATOR)))) {
            SmartcardAccounts.Report r = b.smartcardReport().orElseThrow();
            assertThat(r.conflicts()).containsExactly(node(OPERATOR));
            assertThat(r.installed()).isEmpty();
            assertThat(b.tree().valueText(acc + "/AppAddr/1/Addr")).contains("https://factory.example/dm");
            assertThat(b.tree().inspect(SmartcardAccounts.RECORDS).orElseThrow().children())
                    .isEmpty();
        }
        try (DeviceAgent c = start(noCard())) {
            assertThat(c.smartcardReport().orElseThrow().removed()).isEmpty();
            assertThat(c.tree().valueText(acc + "/AppAddr/1/Addr")).contains("https://factory.example/dm");
        }
    }

    @Test
    void a_server_cannot_forge_the_record_of_card_accounts() throws Exception {
        try (DeviceAgent a = start(cardWith(image(OPERATOR)))) {
            Principal operator = Principal.server(OPERATOR);
            assertThat(a.tree()
                            .add(operator, SmartcardAccounts.RECORDS + "/factory", NodeContent.text("sha256:00"))
                            .status())
                    .isEqualTo(425);
            assertThat(a.tree()
                            .delete(operator, SmartcardAccounts.RECORDS + "/" + node(OPERATOR))
                            .status())
                    .isEqualTo(425);
            assertThat(a.tree().get(operator, SmartcardAccounts.RECORDS).status())
                    .isEqualTo(425);
        }
    }

    @Test
    void smartcard_bootstrap_MAY_be_disabled_by_policy_then_the_card_is_not_read() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        SmartcardBootstrapSource card = new SmartcardBootstrapSource(cardWith(image(OPERATOR)));
        BootstrapSource counting = () -> {
            reads.incrementAndGet();
            return card.fetch();
        };
        try (DeviceAgent disabled = DeviceAgent.builder(DEV).dataDirectory(dir).build()) {
            assertThat(disabled.smartcardReport()).isEmpty();
            assertThat(disabled.account()).isEmpty();
        }
        assertThat(reads).hasValue(0);
        try (DeviceAgent enabled = DeviceAgent.builder(DEV)
                .dataDirectory(dir)
                .smartcard(counting, NO_KEYS)
                .build()) {
            assertThat(enabled.account()).isPresent();
        }
        assertThat(reads).hasValue(1);
    }
}
