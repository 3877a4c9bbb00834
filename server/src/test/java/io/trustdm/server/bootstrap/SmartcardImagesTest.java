package io.trustdm.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.protocol.smartcard.Pkcs15;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmartcardImagesTest {
    private static final String DEV = "IMEI:490154203237518";
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final List<SecurityAuditEvent> audit = new ArrayList<>();
    private final BootstrapTemplate template = new BootstrapTemplate(
            "dm.example.com", "Example DM", URI.create("https://dm.example.com/dm"), AuthScheme.MD5);
    private final BootstrapService service =
            new BootstrapService(template, registry, new BootstrapTransportPolicy(audit::add), new SecureRandom());

    @Test
    void card_image_holds_the_prepared_bootstrap_in_the_pkcs15_layout() {
        BootstrapPackage p = service.prepare(DEV, BootstrapProfile.PLAIN, null);
        CardImage image = service.cardImage(DEV).orElseThrow();

        assertThat(image.aid()).isEqualTo(BootstrapCardLayout.PKCS15_AID);
        assertThat(Pkcs15.dodfFid(
                        image.file(BootstrapCardLayout.FID_ODF).orElseThrow().content()))
                .isEqualTo(BootstrapCardLayout.FID_DODF);
        List<Pkcs15.DataObject> objects = Pkcs15.dataObjects(
                image.file(BootstrapCardLayout.FID_DODF).orElseThrow().content());
        assertThat(objects)
                .allSatisfy(o -> assertThat(o.hasOid(BootstrapCardLayout.DM_BOOTSTRAP_OID))
                        .isTrue());
        byte[] doc = image.file(BootstrapCardLayout.FID_BOOTSTRAP).orElseThrow().content();
        assertThat(doc).isEqualTo(p.body());
        assertThat(WbxmlDecoder.decode(doc).header().source().locUri()).isEqualTo("dm.example.com");
        assertThat(new String(
                        image.file(BootstrapCardLayout.FID_CONTENT_TYPE)
                                .orElseThrow()
                                .content(),
                        StandardCharsets.US_ASCII))
                .isEqualTo("application/vnd.syncml.dm+wbxml");
    }

    @Test
    void smartcard_is_a_secure_transport_so_the_image_delivery_is_accepted_and_audited() {
        service.prepare(DEV, BootstrapProfile.CP, null);
        assertThat(service.cardImage(DEV)).isPresent();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(audit.get(0).rules()).contains("CR-1");
        assertThat(audit.get(0).channel()).isEqualTo("Smartcard");
        assertThat(service.cardImage("IMEI:000000000000000"))
                .as("nothing prepared")
                .isEmpty();
    }

    @Test
    void export_to_an_operator_is_recorded_with_the_requester_and_nothing_is_recorded_without_a_bootstrap() {
        List<SecurityAuditEvent> exports = new ArrayList<>();
        BootstrapService exporting = new BootstrapService(
                template, registry, new BootstrapTransportPolicy(audit::add), exports::add, new SecureRandom());
        assertThat(exporting.exportCardImage(DEV, "admin API from 192.0.2.7")).isEmpty();
        assertThat(exports).isEmpty();

        BootstrapPackage p = exporting.prepare(DEV, BootstrapProfile.PLAIN, null);
        CardImage image =
                exporting.exportCardImage(DEV, "admin API from 192.0.2.7").orElseThrow();
        assertThat(image.file(BootstrapCardLayout.FID_BOOTSTRAP).orElseThrow().content())
                .isEqualTo(p.body());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).decisionPoint()).isEqualTo("bootstrap.send");
        assertThat(exports).singleElement().satisfies(e -> {
            assertThat(e.decisionPoint()).isEqualTo(BootstrapService.EXPORT_DECISION_POINT);
            assertThat(e.subject()).isEqualTo(DEV);
            assertThat(e.channel()).isEqualTo("admin API from 192.0.2.7");
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.rules()).contains("CR-4");
        });
    }

    @Test
    void transport_neutral_sec_mac_MAY_be_stored_on_the_card_on_top() {
        BootstrapKey pin = BootstrapKey.userpin(Secret.ofUtf8("2468"));
        ProvisionedAccount a = ProvisionedAccount.generate(DEV, template, new SecureRandom());
        CardImage image = SmartcardImages.of(a, template, BootstrapProfile.CP, pin);
        byte[] doc = image.file(BootstrapCardLayout.FID_BOOTSTRAP).orElseThrow().content();
        String ct = new String(
                image.file(BootstrapCardLayout.FID_CONTENT_TYPE).orElseThrow().content(), StandardCharsets.US_ASCII);
        assertThat(ct)
                .isEqualTo("application/vnd.wap.connectivity-wbxml; SEC=USERPIN; MAC="
                        + BootstrapMac.computeHex(pin, doc));
        assertThat(CardImage.decode(image.encode())).isEqualTo(image);
    }
}
