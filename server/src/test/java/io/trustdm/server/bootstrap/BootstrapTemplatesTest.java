package io.trustdm.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The catalogue's resolution order: the device's own template, else its group's, else the default. */
class BootstrapTemplatesTest {
    private static final BootstrapTemplate DEFAULT = new BootstrapTemplate(
            "dm.example.com", "Example DM", URI.create("https://dm.example.com/dm"), AuthScheme.MD5);
    private static final BootstrapTemplate FLEET = new BootstrapTemplate(
            "fleet.example.com", "Fleet DM", URI.create("https://fleet.example.com/dm"), AuthScheme.HMAC);
    private static final BootstrapTemplate LAB = new BootstrapTemplate(
            "lab.example.com", "Lab DM", URI.create("https://lab.example.com/dm"), AuthScheme.MD5);

    private final BootstrapTemplates catalogue = BootstrapTemplates.of(DEFAULT)
            .withGroup("fleet", FLEET)
            .withMember("IMEI:1", "fleet")
            .withMember("IMEI:2", "fleet")
            .withDeviceTemplate("IMEI:2", LAB);

    @Test
    void a_device_without_group_or_own_template_gets_the_default() {
        assertThat(catalogue.resolve("IMEI:9")).isEqualTo(DEFAULT);
    }

    @Test
    void a_group_member_gets_its_groups_template() {
        assertThat(catalogue.resolve("IMEI:1")).isEqualTo(FLEET);
    }

    @Test
    void a_devices_own_template_wins_over_its_group_and_over_a_named_group() {
        assertThat(catalogue.resolve("IMEI:2")).isEqualTo(LAB);
        assertThat(catalogue.resolve("IMEI:2", "fleet")).isEqualTo(LAB);
    }

    @Test
    void a_named_group_replaces_the_membership_for_that_bootstrap() {
        assertThat(catalogue.resolve("IMEI:9", "fleet")).isEqualTo(FLEET);
    }

    @Test
    void an_unknown_group_is_refused_never_a_silent_fallback_to_the_default() {
        assertThatThrownBy(() -> catalogue.resolve("IMEI:9", "nope"))
                .isInstanceOf(BootstrapTemplates.UnknownTemplateGroupException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> catalogue.withMember("IMEI:3", "nope"))
                .isInstanceOf(BootstrapTemplates.UnknownTemplateGroupException.class);
    }

    @Test
    void the_catalogue_is_immutable() {
        BootstrapTemplates more = catalogue.withGroup("lab", LAB);
        assertThat(catalogue.groups()).doesNotContainKey("lab");
        assertThat(more.groups()).containsKey("lab");
    }
}
