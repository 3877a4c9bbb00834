package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.provisioning.W7Application.AppAddr;
import io.trustdm.protocol.provisioning.W7Application.AppAuth;
import io.trustdm.protocol.provisioning.W7Application.AppPort;
import io.trustdm.protocol.provisioning.W7Application.AuthLevel;
import io.trustdm.protocol.provisioning.W7Application.Bin;
import io.trustdm.protocol.provisioning.W7Application.Chr;
import io.trustdm.protocol.provisioning.W7Application.ConRef;
import io.trustdm.protocol.provisioning.W7Application.ConnectionKind;
import io.trustdm.protocol.provisioning.W7Application.ConnectionRef;
import io.trustdm.protocol.provisioning.W7Application.DmAccLeaf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class W7ApplicationTest {
    private static final byte[] NONCE = "nonce".getBytes(StandardCharsets.US_ASCII);

    private static W7Application acme() {
        return W7Application.findAll(ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml")))
                .get(0);
    }

    @Test
    void reads_the_w7_characteristic_of_the_peers_vector() {
        W7Application w7 = acme();
        assertThat(w7.providerId()).isEqualTo("acme-dm");
        assertThat(w7.name()).isEqualTo("Acme DM");
        assertThat(w7.addresses()).containsExactly(AppAddr.uri("http://127.0.0.1:8080/dm"));
        assertThat(w7.credentials())
                .containsExactly(
                        AppAuth.clientCredentials("DIGEST", "server", "serverpw", NONCE),
                        AppAuth.serverCredentials("DIGEST", "client", "clientpw", null));
        assertThat(w7.init()).isFalse();
        assertThat(w7.connections()).isEmpty();
        assertThat(w7.extensions()).isEmpty();
    }

    @Test
    void aauthlevel_appsrv_maps_to_clcred_and_client_to_srvcred() {
        assertThat(AuthLevel.APPSRV.dmAccValue()).isEqualTo("CLCRED");
        assertThat(AuthLevel.CLIENT.dmAccValue()).isEqualTo("SRVCRED");
        assertThat(AuthLevel.OBEX.dmAccValue()).isEqualTo("OBEX");
        List<DmAccLeaf> leaves = acme().dmAccLeaves();
        assertThat(leaves).contains(new DmAccLeaf("AppAuth/1/AAuthLevel", new Chr("CLCRED", false)));
        assertThat(leaves).contains(new DmAccLeaf("AppAuth/2/AAuthLevel", new Chr("SRVCRED", false)));
    }

    @Test
    void maps_the_peers_vector_onto_dmacc_leaves() {
        assertThat(acme().dmAccLeaves())
                .containsExactly(
                        new DmAccLeaf("AppID", new Chr("w7", false)),
                        new DmAccLeaf("ServerID", new Chr("acme-dm", false)),
                        new DmAccLeaf("Name", new Chr("Acme DM", false)),
                        new DmAccLeaf("AppAddr/1/Addr", new Chr("http://127.0.0.1:8080/dm", false)),
                        new DmAccLeaf("AppAddr/1/AddrType", new Chr("URI", false)),
                        new DmAccLeaf("AppAuth/1/AAuthLevel", new Chr("CLCRED", false)),
                        new DmAccLeaf("AppAuth/1/AAuthType", new Chr("DIGEST", false)),
                        new DmAccLeaf("AppAuth/1/AAuthName", new Chr("server", false)),
                        new DmAccLeaf("AppAuth/1/AAuthSecret", new Chr("serverpw", true)),
                        new DmAccLeaf("AppAuth/1/AAuthData", new Bin(NONCE)),
                        new DmAccLeaf("AppAuth/2/AAuthLevel", new Chr("SRVCRED", false)),
                        new DmAccLeaf("AppAuth/2/AAuthType", new Chr("DIGEST", false)),
                        new DmAccLeaf("AppAuth/2/AAuthName", new Chr("client", false)),
                        new DmAccLeaf("AppAuth/2/AAuthSecret", new Chr("clientpw", true)));
    }

    @Test
    void maps_appaddr_ports_connections_and_init() {
        Characteristic app = Characteristic.of(
                "APPLICATION",
                Parm.of("APPID", "w7"),
                Parm.of("PROVIDER-ID", "srv"),
                Parm.of("TO-PROXY", "PX1"),
                Parm.of("TO-NAPID", "NAP1"),
                Parm.flag("INIT"),
                Parm.of("ROLE", "4"),
                Characteristic.of(
                        "APPADDR",
                        Parm.of("ADDR", "10.0.0.1"),
                        Parm.of("ADDRTYPE", "IPV4"),
                        Characteristic.of("PORT", Parm.of("PORTNBR", "443"), Parm.of("SERVICE", "x"))),
                Characteristic.of("APPAUTH", Parm.of("AAUTHLEVEL", "OBEX")));
        W7Application w7 = W7Application.from(app);
        assertThat(w7.init()).isTrue();
        assertThat(w7.extensions()).containsExactly(Parm.of("ROLE", "4"));
        assertThat(w7.addresses())
                .containsExactly(new AppAddr("10.0.0.1", "IPV4", List.of(new AppPort("443", List.of("x")))));
        assertThat(w7.dmAccLeaves())
                .containsExactly(
                        new DmAccLeaf("AppID", new Chr("w7", false)),
                        new DmAccLeaf("ServerID", new Chr("srv", false)),
                        new DmAccLeaf("PrefConRef", new ConRef(new ConnectionRef(ConnectionKind.PROXY, "PX1"))),
                        new DmAccLeaf("ToConRef/1/ConRef", new ConRef(new ConnectionRef(ConnectionKind.PROXY, "PX1"))),
                        new DmAccLeaf("ToConRef/2/ConRef", new ConRef(new ConnectionRef(ConnectionKind.NAP, "NAP1"))),
                        new DmAccLeaf("AppAddr/1/Addr", new Chr("10.0.0.1", false)),
                        new DmAccLeaf("AppAddr/1/AddrType", new Chr("IPv4", false)),
                        new DmAccLeaf("AppAddr/1/Port/1/PortNbr", new Chr("443", false)),
                        new DmAccLeaf("AppAuth/1/AAuthLevel", new Chr("OBEX", false)));
        // INIT is not a node
        assertThat(w7.dmAccLeaves())
                .noneMatch(l -> l.path().contains("INIT") || l.path().contains("Init"));
    }

    @Test
    void creates_a_characteristic_that_reads_back_equal() {
        W7Application w7 = new W7Application(
                "acme-dm",
                "Acme DM",
                List.of(new ConnectionRef(ConnectionKind.NAP, "INTERNET")),
                List.of(new AppAddr("https://dm.example/dm", "URI", List.of(new AppPort("443", List.of())))),
                List.of(
                        AppAuth.clientCredentials("DIGEST", "IMEI:1", "cpw", NONCE),
                        AppAuth.serverCredentials("DIGEST", "acme-dm", "spw", new byte[] {0, (byte) 0xFF})),
                true,
                List.of(Parm.of("ROLE", "4"), Characteristic.of("RESOURCE", Parm.of("URI", "x"))));
        Characteristic c = w7.toCharacteristic();
        assertThat(W7Application.isW7(c)).isTrue();
        assertThat(W7Application.from(c)).isEqualTo(w7);
        ProvisioningDocument doc = ProvisioningDocument.of("1.1", c);
        assertThat(W7Application.findAll(ProvisioningWbxmlDecoder.decode(ProvisioningWbxmlEncoder.encode(doc))))
                .containsExactly(w7);
        assertThat(c.characteristics("APPAUTH")
                        .get(1)
                        .parm("AAUTHDATA")
                        .orElseThrow()
                        .value())
                .isEqualTo("AP8=");
    }

    @Test
    void secrets_never_appear_in_to_string() {
        ProvisioningDocument doc = ProvisioningXmlReader.read(Fixtures.bytes("w7-acme.xml"));
        W7Application w7 = acme();
        List<String> printed = new ArrayList<>();
        printed.add(doc.toString());
        printed.add(w7.toString());
        printed.add(w7.dmAccLeaves().toString());
        printed.add(w7.toCharacteristic().toString());
        for (String s : printed) {
            assertThat(s).doesNotContain("serverpw", "clientpw", "bm9uY2U=");
        }
        assertThat(doc.toString()).contains("acme-dm", "AAUTHSECRET");
        assertThat(Parm.of("PXAUTH-PW", "pw1").toString()).doesNotContain("pw1");
        assertThat(Parm.of("AUTHSECRET", "s3").toString()).doesNotContain("s3");
        assertThat(Parm.of("NAME", "visible").toString()).contains("visible");
    }

    private static Characteristic app(ProvisioningElement... extra) {
        List<ProvisioningElement> children =
                new ArrayList<>(List.of(Parm.of("APPID", "w7"), Parm.of("PROVIDER-ID", "p")));
        children.addAll(List.of(extra));
        return new Characteristic("APPLICATION", children);
    }

    @Test
    void rejects_a_second_provider_id_so_rights_cannot_go_to_the_wrong_server() {
        assertThatThrownBy(() -> W7Application.from(app(Parm.of("PROVIDER-ID", "evil"))))
                .isInstanceOf(ProvisioningFormatException.class)
                .hasMessageContaining("PROVIDER-ID occurs 2 times");
    }

    @Test
    void rejects_a_missing_or_empty_provider_id() {
        Characteristic noId = Characteristic.of("APPLICATION", Parm.of("APPID", "w7"));
        assertThatThrownBy(() -> W7Application.from(noId)).isInstanceOf(ProvisioningFormatException.class);
        Characteristic empty = Characteristic.of("APPLICATION", Parm.of("APPID", "w7"), Parm.of("PROVIDER-ID", ""));
        assertThatThrownBy(() -> W7Application.from(empty)).isInstanceOf(ProvisioningFormatException.class);
    }

    @Test
    void rejects_appauth_without_a_known_level_or_with_a_level_twice() {
        assertThatThrownBy(() -> W7Application.from(app(Characteristic.of("APPAUTH", Parm.of("AAUTHNAME", "n")))))
                .isInstanceOf(ProvisioningFormatException.class);
        assertThatThrownBy(
                        () -> W7Application.from(app(Characteristic.of("APPAUTH", Parm.of("AAUTHLEVEL", "SRVCRED")))))
                .isInstanceOf(ProvisioningFormatException.class)
                .hasMessageContaining("unknown AAUTHLEVEL");
        assertThatThrownBy(() -> W7Application.from(app(
                        Characteristic.of("APPAUTH", Parm.of("AAUTHLEVEL", "APPSRV")),
                        Characteristic.of("APPAUTH", Parm.of("AAUTHLEVEL", "APPSRV")))))
                .isInstanceOf(ProvisioningFormatException.class)
                .hasMessageContaining("two APPAUTH");
        assertThatThrownBy(() -> W7Application.from(app(Characteristic.of(
                        "APPAUTH",
                        Parm.of("AAUTHLEVEL", "APPSRV"),
                        Parm.of("AAUTHSECRET", "a"),
                        Parm.of("AAUTHSECRET", "b")))))
                .isInstanceOf(ProvisioningFormatException.class);
    }

    @Test
    void aauthdata_must_be_base64_and_the_error_does_not_show_it() {
        assertThatThrownBy(() -> W7Application.from(app(Characteristic.of(
                        "APPAUTH", Parm.of("AAUTHLEVEL", "APPSRV"), Parm.of("AAUTHDATA", "not base64!")))))
                .isInstanceOf(ProvisioningFormatException.class)
                .hasMessage("AAUTHDATA is not base64")
                .hasMessageNotContaining("not base64!");
    }

    @Test
    void only_application_characteristics_with_appid_w7_are_w7() {
        assertThat(W7Application.isW7(Characteristic.of("APPLICATION", Parm.of("APPID", "w2"))))
                .isFalse();
        assertThat(W7Application.isW7(Characteristic.of("NAPDEF", Parm.of("APPID", "w7"))))
                .isFalse();
        assertThatThrownBy(() -> W7Application.from(
                        Characteristic.of("APPLICATION", Parm.of("APPID", "w4"), Parm.of("PROVIDER-ID", "p"))))
                .isInstanceOf(ProvisioningFormatException.class);
        ProvisioningDocument doc = ProvisioningDocument.of(
                null, Characteristic.of("APPLICATION", Parm.of("APPID", "w2")), app(), Characteristic.of("NAPDEF"));
        assertThat(W7Application.findAll(doc)).hasSize(1);
    }
}
