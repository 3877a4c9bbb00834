package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.SmartcardBootstrapSource;
import io.trustdm.client.bootstrap.SmartcardException.CardAbsentException;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.smartcard.sim.CardPersonaliser;
import io.trustdm.smartcard.sim.VpcdCard;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same bootstrap card through the real PC/SC stack (peers.md §4a): SunPCSC → libpcsclite → pcscd → vsmartcard's
 * vpcd driver → our card on 127.0.0.1:35963. Needs {@code pcscd} (started, e.g. {@code pcscd -f &}) and
 * {@code vsmartcard-vpcd}; fails loudly when they are missing, skips with {@code -DskipPeers=true}.
 */
class PcscSmartcardIT {
    private static final boolean SKIP_PEERS = Boolean.getBoolean("trustdm.skipPeers");
    private static final String DEV = "IMEI:353918050000033";
    private static final String READER = "Virtual PCD 00 00";

    private static CardTerminal vpcdReader() {
        String problem;
        try {
            List<CardTerminal> list = TerminalFactory.getDefault().terminals().list();
            for (CardTerminal t : list) {
                if (t.getName().equals(READER)) {
                    Assumptions.assumeFalse(SKIP_PEERS, "trustdm.skipPeers=true: PC/SC test skipped");
                    return t;
                }
            }
            problem = "pcscd lists no reader '" + READER + "' (readers: "
                    + list.stream().map(CardTerminal::getName).toList() + ")";
        } catch (CardException | RuntimeException e) {
            problem = "no PC/SC service: " + e;
        }
        String message =
                problem + ". Install and start the peer: apt-get install -y pcscd vsmartcard-vpcd && pcscd -f &"
                        + " (or run with -DskipPeers=true)";
        if (SKIP_PEERS) {
            Assumptions.abort(message);
        }
        return fail(message);
    }

    @Test
    void device_bootstraps_from_a_card_behind_pcscd_then_runs_its_https_session() throws Exception {
        CardTerminal reader = vpcdReader();
        try (BootstrapServerFixture fx = new BootstrapServerFixture()) {
            fx.bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);
            CardImage image = fx.bootstrap.cardImage(DEV).orElseThrow();
            BootstrappedAccount acc;
            try (VpcdCard card = VpcdCard.insert("127.0.0.1", VpcdCard.DEFAULT_PORT)) {
                assertThat(reader.waitForCardPresent(10_000))
                        .as("pcscd sees the inserted card")
                        .isTrue();
                Card c = reader.connect("*");
                new CardPersonaliser(c.getBasicChannel()).personalise(image);
                c.disconnect(false);

                BootstrapDelivery d =
                        SmartcardBootstrapSource.onPcscReader(READER).fetch();
                assertThat(d.transport().kind()).isEqualTo(ChannelKind.SMARTCARD);
                assertThat(d.origin()).isEqualTo("smartcard in " + READER);
                acc = new BootstrapProcessor(new BootstrapTransportPolicy(e -> {}), m -> Optional.empty()).process(d);
            }
            BootstrapServerFixture.FirstSession s = fx.runFirstSession(DEV, acc);
            assertThat(fx.registry.completed(s.jobId()))
                    .hasValueSatisfying(
                            j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        }
    }

    @Test
    void a_card_pulled_from_the_pcsc_reader_is_card_absent() throws Exception {
        CardTerminal reader = vpcdReader();
        VpcdCard card = VpcdCard.insert("127.0.0.1", VpcdCard.DEFAULT_PORT);
        assertThat(reader.waitForCardPresent(10_000)).isTrue();
        card.close();
        assertThat(reader.waitForCardAbsent(10_000))
                .as("pcscd notices the removal")
                .isTrue();
        assertThatThrownBy(() -> new SmartcardBootstrapSource(reader).fetch()).isInstanceOf(CardAbsentException.class);
    }
}
