package io.trustdm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetArgumentsTest {
    @Test
    void durations_take_units_and_iso_8601() {
        assertThat(FleetArguments.duration("250ms", "--duration")).isEqualTo(Duration.ofMillis(250));
        assertThat(FleetArguments.duration("30s", "--duration")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FleetArguments.duration(" 5m ", "--duration")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FleetArguments.duration("2H", "--duration")).isEqualTo(Duration.ofHours(2));
        assertThat(FleetArguments.duration("PT1M30S", "--duration")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void bad_durations_name_the_option() {
        assertThatThrownBy(() -> FleetArguments.duration("30", "--duration"))
                .isInstanceOf(FleetInputException.class)
                .hasMessageContaining("--duration needs a unit");
        assertThatThrownBy(() -> FleetArguments.duration("xs", "--duration")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> FleetArguments.duration("0s", "--duration")).hasMessageContaining("positive");
        assertThatThrownBy(() -> FleetArguments.duration("-5s", "--duration")).hasMessageContaining("positive");
        assertThatThrownBy(() -> FleetArguments.duration(null, "--duration")).isInstanceOf(FleetInputException.class);
    }

    @Test
    void auth_cert_means_md5_plus_a_client_certificate() {
        assertThat(FleetArguments.auth("md5")).isEqualTo(new FleetArguments.Auth(AuthScheme.MD5, false));
        assertThat(FleetArguments.auth("HMAC")).isEqualTo(new FleetArguments.Auth(AuthScheme.HMAC, false));
        assertThat(FleetArguments.auth("cert")).isEqualTo(new FleetArguments.Auth(AuthScheme.MD5, true));
        assertThatThrownBy(() -> FleetArguments.auth("basic")).hasMessageContaining("md5, hmac or cert");
    }

    @Test
    void counts_outside_their_range_are_refused() {
        assertThat(FleetArguments.count(5, 1, 10, "--concurrency")).isEqualTo(5);
        assertThatThrownBy(() -> FleetArguments.count(0, 1, 10, "--concurrency"))
                .hasMessage("--concurrency must be between 1 and 10, not 0");
    }

    @Test
    void settings_need_a_duration_or_a_session_count() {
        assertThatThrownBy(() -> new FleetSettings(
                        java.net.URI.create("https://localhost/dm"),
                        "trustdm",
                        java.util.List.of(),
                        io.trustdm.protocol.codec.SyncMlCodec.Encoding.XML,
                        4,
                        null,
                        0,
                        null,
                        Duration.ofSeconds(1)))
                .isInstanceOf(FleetInputException.class)
                .hasMessageContaining("duration or a number of sessions");
    }

    @Test
    void generated_devices_have_15_digit_imeis_unique_names_and_hidden_secrets() {
        var random = new java.security.SecureRandom();
        FleetDevice a = FleetDevice.generate(123, 7, AuthScheme.HMAC, false, random);
        FleetDevice b = FleetDevice.generate(123, 8, AuthScheme.HMAC, false, random);
        assertThat(a.deviceId()).matches("IMEI:\\d{15}").isEqualTo("IMEI:990001230000007");
        assertThat(a.username()).isNotEqualTo(b.username());
        assertThat(a.password()).isNotEqualTo(b.password()).hasSize(24);
        assertThat(a.toString()).doesNotContain(a.password()).doesNotContain(a.serverPassword());
        assertThatThrownBy(() -> FleetDevice.generate(1, 10_000_000, AuthScheme.MD5, false, random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
