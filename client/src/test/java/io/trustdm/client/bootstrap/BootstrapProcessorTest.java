package io.trustdm.client.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.TransportSecurity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Device-side bootstrap checks that need no server: format rules of OMA-TS-DM_Bootstrap. */
class BootstrapProcessorTest {
    private final List<SecurityAuditEvent> audit = new ArrayList<>();
    private final BootstrapProcessor processor =
            new BootstrapProcessor(new BootstrapTransportPolicy(audit::add), m -> Optional.empty());

    private static final byte[] XML_BOOTSTRAP = ("<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD>"
                    + "</SyncHdr><SyncBody><Final/></SyncBody></SyncML>")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void plain_profile_bootstrap_MUST_be_wbxml_so_xml_is_refused_even_over_a_secure_transport() {
        BootstrapDelivery d = new BootstrapDelivery(
                XML_BOOTSTRAP, "application/vnd.syncml.dm+xml", TransportSecurity.factoryFile(), "factory");

        assertThatThrownBy(() -> processor.process(d))
                .isInstanceOf(BootstrapRefusedException.class)
                .hasMessageContaining("must be WBXML");
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT));
    }

    @Test
    void a_sec_parameter_without_a_mac_never_verifies() {
        BootstrapDelivery d = new BootstrapDelivery(
                new byte[] {3, 11, 0x6A, 0},
                "application/vnd.syncml.dm+wbxml; SEC=USERPIN",
                TransportSecurity.httpsMutualTls(),
                "https://dm.example.com/bootstrap");

        assertThatThrownBy(() -> processor.process(d)).isInstanceOf(BootstrapRefusedException.class);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.REFUSE);
            assertThat(e.rules()).contains("CR-2");
        });
    }

    @Test
    void a_mac_the_device_has_no_key_for_fails_closed() {
        BootstrapDelivery d = new BootstrapDelivery(
                new byte[] {3, 11, 0x6A, 0},
                "application/vnd.syncml.dm+wbxml; SEC=NETWPIN; MAC=" + "0".repeat(40),
                TransportSecurity.smartcard(),
                "smartcard");

        assertThatThrownBy(() -> processor.process(d)).isInstanceOf(BootstrapRefusedException.class);
        assertThat(audit).singleElement().satisfies(e -> assertThat(e.verdict()).isEqualTo(Verdict.REFUSE));
    }
}
