package io.trustdm.tree.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AclTest {

    @Test
    void parses_and_prints_the_spec_example() {
        String text = "Add=srv.example.com&Get=*&Replace=srv.example.com+ops.example.net";
        Acl acl = Acl.parse(text);
        assertThat(acl.serverIds(AclCommand.ADD)).containsExactly("srv.example.com");
        assertThat(acl.serverIds(AclCommand.REPLACE)).containsExactly("srv.example.com", "ops.example.net");
        assertThat(acl).hasToString(text);
    }

    @Test
    void empty_text_is_the_empty_acl_that_inherits() {
        assertThat(Acl.parse("")).isSameAs(Acl.EMPTY);
        assertThat(Acl.EMPTY.isEmpty()).isTrue();
        assertThat(Acl.EMPTY).hasToString("");
    }

    @Test
    void grants_listed_servers_only() {
        Acl acl = Acl.parse("Get=srv1+srv2&Replace=srv1");
        assertThat(acl.grants(AclCommand.GET, "srv2")).isTrue();
        assertThat(acl.grants(AclCommand.REPLACE, "srv2")).isFalse();
        assertThat(acl.grants(AclCommand.DELETE, "srv1")).isFalse();
    }

    @Test
    void wildcard_grants_every_server_and_wins_when_mixed_with_ids() {
        Acl acl = Acl.parse("Get=*+srv1");
        assertThat(acl.grants(AclCommand.GET, "anyone")).isTrue();
        assertThat(acl.grantsEveryone(AclCommand.GET)).isTrue();
    }

    @Test
    void command_without_server_ids_must_not_appear() {
        assertThatThrownBy(() -> Acl.parse("Get=")).isInstanceOf(AclFormatException.class);
        assertThatThrownBy(() -> Acl.parse("Get=a&Replace=")).isInstanceOf(AclFormatException.class);
    }

    @Test
    void there_is_no_copy_right() {
        assertThatThrownBy(() -> Acl.parse("Copy=*")).isInstanceOf(AclFormatException.class);
    }

    @Test
    void command_names_are_case_sensitive() {
        assertThatThrownBy(() -> Acl.parse("get=*")).isInstanceOf(AclFormatException.class);
    }

    @Test
    void server_ids_exclude_separators_wildcard_and_white_space() {
        for (String bad : new String[] {"Get=a b", "Get=a*b", "Get=a=b", "Get=a++b", "Get=a\tb", "Get=a+"}) {
            assertThatThrownBy(() -> Acl.parse(bad)).as(bad).isInstanceOf(AclFormatException.class);
        }
    }

    @Test
    void malformed_entries_are_rejected_with_status_400() {
        for (String bad : new String[] {"Get", "&Get=a", "Get=a&", "=a"}) {
            assertThatThrownBy(() -> Acl.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            AclFormatException.class,
                            e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void repeated_command_is_read_as_the_union_of_its_ids() {
        Acl acl = Acl.parse("Get=a&Get=b+a");
        assertThat(acl.serverIds(AclCommand.GET)).containsExactly("a", "b");
        assertThat(acl).hasToString("Get=a+b");
    }

    @Test
    void equality_ignores_order() {
        assertThat(Acl.parse("Get=a+b&Add=*")).isEqualTo(Acl.parse("Add=*&Get=b+a"));
        assertThat(Acl.parse("Get=a")).isNotEqualTo(Acl.parse("Get=b"));
    }

    @Test
    void removing_a_server_id_drops_commands_left_without_ids() {
        Acl acl = Acl.parse("Get=a+b&Replace=a&Add=*");
        Acl scrubbed = acl.withoutServerId("a");
        assertThat(scrubbed).hasToString("Get=b&Add=*");
        assertThat(Acl.parse("Get=a").withoutServerId("a").isEmpty()).isTrue();
    }

    @Test
    void builder_rejects_ids_that_cannot_appear_in_an_acl() {
        assertThatThrownBy(() -> Acl.builder().grant(AclCommand.GET, "a+b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Acl.forServer("srv", AclCommand.GET, AclCommand.DELETE)).hasToString("Get=srv&Delete=srv");
    }

    @Test
    void valid_server_ids_exclude_the_wildcard() {
        assertThat(Acl.isValidServerId("dm.example.com")).isTrue();
        assertThat(Acl.isValidServerId("*")).isFalse();
        assertThat(Acl.isValidServerId("")).isFalse();
    }
}
