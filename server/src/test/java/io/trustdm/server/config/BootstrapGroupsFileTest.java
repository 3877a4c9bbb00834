package io.trustdm.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.auth.ServerCredentialScheme;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bootstrap.templates file: a good file, and every mistake reported with its file, line and key. */
class BootstrapGroupsFileTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            # fleet devices talk to the fleet front end with HMAC
            group.fleet.server-id = fleet.example.com
            group.fleet.server-name = Fleet DM
            group.fleet.address = https://fleet.example.com/dm
            group.fleet.device-auth = hmac
            group.fleet.members = IMEI:490154203237518, IMEI:490154203237519

            group.lab.device-auth = BASIC
            group.lab.server-auth = none
            """;

    @Test
    void a_good_file_gives_each_group_its_fields_and_members() {
        List<BootstrapGroupsFile.Group> groups = BootstrapGroupsFile.parse("t.conf", GOOD);
        assertThat(groups).extracting(BootstrapGroupsFile.Group::name).containsExactly("fleet", "lab");
        BootstrapGroupsFile.Group fleet = groups.get(0);
        assertThat(fleet.line()).isEqualTo(2);
        assertThat(fleet.serverId()).contains("fleet.example.com");
        assertThat(fleet.serverName()).contains("Fleet DM");
        assertThat(fleet.address()).contains(URI.create("https://fleet.example.com/dm"));
        assertThat(fleet.deviceAuth()).contains(AuthScheme.HMAC);
        assertThat(fleet.serverAuth()).isEmpty();
        assertThat(fleet.members()).containsExactly("IMEI:490154203237518", "IMEI:490154203237519");
        BootstrapGroupsFile.Group lab = groups.get(1);
        assertThat(lab.serverId()).isEmpty();
        assertThat(lab.address()).isEmpty();
        assertThat(lab.deviceAuth()).contains(AuthScheme.BASIC);
        assertThat(lab.serverAuth()).contains(ServerCredentialScheme.NONE);
        assertThat(lab.members()).isEmpty();
    }

    @Test
    void an_empty_file_has_no_groups() {
        assertThat(BootstrapGroupsFile.parse("t.conf", "# nothing yet\n\n")).isEmpty();
    }

    @Test
    void every_mistake_names_the_file_the_line_and_the_key() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("group.fleet.server-id = a\nnot a key value line", "t.conf line 2 expected"),
                Map.entry(
                        "\nfleet.server-id = a", "t.conf line 2: fleet.server-id keys look like group.<name>.<field>"),
                Map.entry("group.fleet.colour = red", "t.conf line 1: group.fleet.colour unknown field 'colour'"),
                Map.entry(
                        "group.fleet.device-auth = md5\ngroup.fleet.device-auth = hmac",
                        "t.conf line 2: group.fleet.device-auth is set twice (first on line 1)"),
                Map.entry(
                        "group.fleet.device-auth = securid",
                        "t.conf line 1: group.fleet.device-auth = 'securid': must be basic, md5 or hmac"),
                Map.entry(
                        "group.fleet.server-auth = sha",
                        "t.conf line 1: group.fleet.server-auth = 'sha': must be md5, hmac or none"),
                Map.entry(
                        "group.fleet.address = ftp://x/dm",
                        "t.conf line 1: group.fleet.address = 'ftp://x/dm': must be an absolute http(s) URL"),
                Map.entry("group.fleet.address = https://a b", "t.conf line 1: group.fleet.address = 'https://a b'"),
                Map.entry("group.fleet.server-id =", "t.conf line 1: group.fleet.server-id has no value"),
                Map.entry("group.-x.server-id = a", "t.conf line 1: group.-x.server-id group name '-x'"),
                Map.entry("group.default.server-id = a", "t.conf line 1: group.default.server-id the group name"),
                Map.entry(
                        "group.a.members = IMEI:1\ngroup.b.members = IMEI:2, IMEI:1",
                        "t.conf line 2: group.b.members Device IMEI:1 is already a member of group 'a'"),
                Map.entry("group.a.members = IMEI:1,,IMEI:2", "t.conf line 1: group.a.members member ''"),
                Map.entry("group.a.members = IMEI:1, \\", "t.conf line 1: group.a.members line continuations"),
                Map.entry(
                        "group.a.address = http://dm.example.com/dm\n\ngroup.a.server-auth = none",
                        "t.conf line 1: group.a.server-auth = none relies on the TLS server certificate"));
        bad.forEach((text, message) -> assertThatThrownBy(() -> BootstrapGroupsFile.parse("t.conf", text))
                .as(text)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bootstrap.templates: ")
                .hasMessageContaining(message));
    }

    @Test
    void the_server_configuration_reads_the_file_at_load_and_print_config_shows_it_without_members() throws Exception {
        Path file = dir.resolve("templates.conf");
        Files.writeString(file, GOOD, StandardCharsets.UTF_8);
        ServerConfig c =
                ServerConfig.load(Optional.empty(), Map.of("TRUSTDM_BOOTSTRAP_TEMPLATES", file.toString()), Map.of());
        assertThat(c.bootstrapGroups()).hasSize(2);
        String printed = c.print();
        assertThat(printed)
                .contains("bootstrap.templates = " + file)
                .contains("#   group fleet: 2 members")
                .contains("#   group lab: 0 members")
                .doesNotContain("IMEI:490154203237518");
        assertThat(ServerConfig.defaults().bootstrapGroups()).isEmpty();
    }

    @Test
    void a_bad_or_missing_file_stops_the_configuration_from_loading() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "group.fleet.device-auth = md5\ngroup.fleet.members = IMEI:1 IMEI:2 x\u0001\n");
        assertThatThrownBy(() -> ServerConfig.load(
                        Optional.empty(), Map.of(), Map.of(ConfigKey.BOOTSTRAP_TEMPLATES, file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + " line 2: group.fleet.members member");
        Path missing = dir.resolve("missing.conf");
        assertThatThrownBy(() -> ServerConfig.load(
                        Optional.empty(), Map.of(), Map.of(ConfigKey.BOOTSTRAP_TEMPLATES, missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bootstrap.templates = '" + missing + "' (from command line) is not a readable file");
        Path latin1 = dir.resolve("latin1.conf");
        Files.write(latin1, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> ServerConfig.load(
                        Optional.empty(), Map.of(), Map.of(ConfigKey.BOOTSTRAP_TEMPLATES, latin1.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not UTF-8");
    }
}
