package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.SmartcardBootstrapSource;
import io.trustdm.client.bootstrap.SmartcardException.CardAbsentException;
import io.trustdm.client.bootstrap.SmartcardException.CardCommunicationException;
import io.trustdm.client.bootstrap.SmartcardException.CardDataException;
import io.trustdm.client.bootstrap.SmartcardException.CardStatusException;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.protocol.smartcard.Pkcs15;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.smartcard.sim.CardPersonaliser;
import io.trustdm.smartcard.sim.SimulatedCardTerminal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server writes a Device's bootstrap into a card image; the image personalises a Java Card (the PKCS#15 applet on
 * jcardsim); the Device reads the card through {@code javax.smartcardio}, applies the bootstrap and runs its first
 * session against the server over HTTPS with the account from the card.
 */
class SmartcardBootstrapIT {
    private static final String DEV = "IMEI:353918050000025";

    private BootstrapServerFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new BootstrapServerFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private static SimulatedCardTerminal personalisedCard(CardImage image) throws Exception {
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM slot 1");
        new CardPersonaliser(reader.connect("*").getBasicChannel()).personalise(image);
        return reader;
    }

    @ParameterizedTest
    @EnumSource(BootstrapProfile.class)
    void device_bootstraps_from_the_smartcard_then_its_first_https_session_uses_the_card_account(
            BootstrapProfile profile) throws Exception {
        fx.bootstrap.prepare(DEV, profile, null);
        CardImage image =
                CardImage.decode(fx.bootstrap.cardImage(DEV).orElseThrow().encode());
        SimulatedCardTerminal reader = personalisedCard(image);

        List<SecurityAuditEvent> deviceAudit = new ArrayList<>();
        BootstrapDelivery d = new SmartcardBootstrapSource(reader).fetch();
        assertThat(d.transport().kind()).isEqualTo(ChannelKind.SMARTCARD);
        assertThat(d.origin()).isEqualTo("smartcard in SIM slot 1");
        BootstrappedAccount acc = new BootstrapProcessor(
                        new BootstrapTransportPolicy(deviceAudit::add), m -> Optional.empty())
                .process(d);
        assertThat(acc.serverId()).isEqualTo(BootstrapServerFixture.SERVER_ID);
        assertThat(acc.clientScheme()).isEqualTo(AuthScheme.MD5);
        assertThat(deviceAudit).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.rules()).contains("CR-1", "CR-4");
        });

        BootstrapServerFixture.FirstSession s = fx.runFirstSession(DEV, acc);
        assertThat(s.messagesSent())
                .as("nonces came from the card: no challenge round trip")
                .isEqualTo(2);
        assertThat(fx.registry.completed(s.jobId()))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        assertThat(s.tree()).containsEntry("./Ext/Mode", "eco");
    }

    @Test
    void a_card_without_the_content_type_ef_is_read_by_sniffing_the_wbxml_public_id() throws Exception {
        byte[] doc = fx.bootstrap.prepare(DEV, BootstrapProfile.CP, null).body();
        BootstrapDelivery d = new SmartcardBootstrapSource(personalisedCard(CardImage.bootstrap(doc, null))).fetch();
        assertThat(d.contentType()).isEqualTo(BootstrapCardLayout.MEDIA_CP);
        assertThat(d.body()).isEqualTo(doc);
    }

    @Test
    void no_card_in_the_reader_is_card_absent() {
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM slot 1");
        reader.removeCard();
        assertThatThrownBy(() -> new SmartcardBootstrapSource(reader).fetch())
                .isInstanceOf(CardAbsentException.class)
                .hasMessage("no smartcard in SIM slot 1");
    }

    @Test
    void a_card_without_the_pkcs15_application_answers_a_wrong_status_word() {
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBlankCard("SIM slot 1");
        assertThatThrownBy(() -> new SmartcardBootstrapSource(reader).fetch())
                .isInstanceOfSatisfying(
                        CardStatusException.class,
                        e -> assertThat(e.statusWord()).isEqualTo(0x6A82))
                .hasMessageContaining("SELECT PKCS#15 application answered 6A82");
    }

    @Test
    void a_card_whose_odf_is_missing_answers_file_not_found() throws Exception {
        CardImage full = CardImage.bootstrap(new byte[] {3, 11, 0x6A, 0}, null);
        CardImage noOdf = new CardImage(
                full.aid(),
                full.files().stream()
                        .filter(f -> f.fid() != BootstrapCardLayout.FID_ODF)
                        .toList());
        assertThatThrownBy(() -> new SmartcardBootstrapSource(personalisedCard(noOdf)).fetch())
                .isInstanceOfSatisfying(
                        CardStatusException.class,
                        e -> assertThat(e.statusWord()).isEqualTo(0x6A82))
                .hasMessageContaining("SELECT EF 5031");
    }

    @Test
    void an_interrupted_personalisation_leaves_truncated_data_that_is_refused() throws Exception {
        byte[] doc = fx.bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null).body();
        CardImage image = CardImage.bootstrap(doc, null);
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM slot 1");
        CardPersonaliser p = new CardPersonaliser(reader.connect("*").getBasicChannel());
        p.selectApplication(image.aid());
        for (CardImage.CardFile f : image.files()) {
            p.createFile(f.fid(), f.content().length);
            byte[] content = f.content();
            // the machine stopped half-way through the bootstrap EF
            p.write(
                    0,
                    f.fid() == BootstrapCardLayout.FID_BOOTSTRAP
                            ? Arrays.copyOf(content, content.length / 2)
                            : content);
        }
        assertThatThrownBy(() -> new SmartcardBootstrapSource(reader).fetch())
                .isInstanceOf(CardDataException.class)
                .hasMessageContaining("EF 5208 is truncated")
                .hasMessageContaining("declares " + doc.length);
    }

    @Test
    void a_dodf_cut_short_is_card_data_not_a_crash() throws Exception {
        CardImage full = CardImage.bootstrap(new byte[] {3, 11, 0x6A, 0}, null);
        List<CardImage.CardFile> files = new ArrayList<>();
        for (CardImage.CardFile f : full.files()) {
            byte[] c = f.content();
            files.add(
                    f.fid() == BootstrapCardLayout.FID_DODF
                            ? new CardImage.CardFile(f.fid(), f.label(), Arrays.copyOf(c, c.length - 5))
                            : f);
        }
        assertThatThrownBy(
                        () -> new SmartcardBootstrapSource(personalisedCard(new CardImage(full.aid(), files))).fetch())
                .isInstanceOf(CardDataException.class)
                .hasMessageContaining("PKCS#15 structure on the card is broken");
    }

    @Test
    void a_data_object_with_another_oid_is_not_taken_for_the_bootstrap() throws Exception {
        byte[] otherOid = {0x2B, 0x06, 0x01, 0x04, 0x01};
        CardImage full = CardImage.bootstrap(new byte[] {3, 11, 0x6A, 0}, null);
        List<CardImage.CardFile> files = new ArrayList<>();
        for (CardImage.CardFile f : full.files()) {
            files.add(
                    f.fid() == BootstrapCardLayout.FID_DODF
                            ? new CardImage.CardFile(
                                    f.fid(),
                                    f.label(),
                                    Pkcs15.dodf(List.of(new Pkcs15.DataObject(
                                            BootstrapCardLayout.LABEL_DOCUMENT,
                                            otherOid,
                                            BootstrapCardLayout.FID_BOOTSTRAP))))
                            : f);
        }
        assertThatThrownBy(
                        () -> new SmartcardBootstrapSource(personalisedCard(new CardImage(full.aid(), files))).fetch())
                .isInstanceOf(CardDataException.class)
                .hasMessageContaining("has no DM_Bootstrap data object");
    }

    @Test
    void a_card_replaced_under_the_reader_is_a_communication_error() throws Exception {
        SimulatedCardTerminal first = personalisedCard(CardImage.bootstrap(new byte[] {3, 11, 0x6A, 0}, null));
        SimulatedCardTerminal.withBlankCard("another reader"); // jcardsim: one card runtime per JVM
        assertThatThrownBy(() -> new SmartcardBootstrapSource(first).fetch())
                .isInstanceOf(CardCommunicationException.class);
    }
}
