package io.trustdm.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmUriTest {

    private static int statusOf(String uri) {
        return statusOf(uri, UriLimits.UNLIMITED);
    }

    private static int statusOf(String uri, UriLimits limits) {
        try {
            DmUri.parse(uri, limits);
            return 200;
        } catch (DmUriException e) {
            return e.status();
        }
    }

    @Test
    void dot_slash_prefix_and_relative_form_name_the_same_node() {
        assertThat(DmUri.parse("./A/B")).isEqualTo(DmUri.parse("A/B"));
        assertThat(DmUri.parse("A/B").segments()).containsExactly("A", "B");
        assertThat(DmUri.parse("A/B")).hasToString("./A/B");
    }

    @Test
    void root_is_a_single_dot() {
        DmUri root = DmUri.parse(".");
        assertThat(root.isRoot()).isTrue();
        assertThat(root).isEqualTo(DmUri.ROOT).hasToString(".");
        assertThat(root.depth()).isZero();
    }

    @Test
    void dot_slash_alone_is_malformed() {
        assertThat(statusOf("./")).isEqualTo(400);
    }

    @Test
    void trailing_slash_is_malformed() {
        assertThat(statusOf("./A/B/")).isEqualTo(400);
    }

    @Test
    void empty_segment_is_malformed() {
        assertThat(statusOf("./A//B")).isEqualTo(400);
        assertThat(statusOf("")).isEqualTo(400);
    }

    @Test
    void dot_dot_segment_cannot_be_resolved() {
        assertThat(statusOf("./A/../B")).isEqualTo(404);
        assertThat(statusOf("../A")).isEqualTo(404);
    }

    @Test
    void leading_slash_is_not_a_device_relative_uri() {
        assertThat(statusOf("/A/B")).isEqualTo(404);
    }

    @Test
    void dot_is_only_allowed_as_the_leading_prefix() {
        assertThat(statusOf("./A/./B")).isEqualTo(400);
    }

    @Test
    void control_characters_are_malformed() {
        assertThat(statusOf("./A\u0001B")).isEqualTo(400);
    }

    @Test
    void matching_is_case_sensitive() {
        assertThat(DmUri.parse("./a")).isNotEqualTo(DmUri.parse("./A"));
    }

    @Test
    void escapes_decode_to_utf8_names() {
        assertThat(DmUri.parse("./A%2FB/%C3%A9t%C3%A9").segments()).containsExactly("A/B", "été");
    }

    @Test
    void names_print_with_only_structural_characters_escaped() {
        DmUri u = DmUri.of("a/b", "50%", "why?", "plain name+x&y=z");
        assertThat(u).hasToString("./a%2Fb/50%25/why%3F/plain name+x&y=z");
        assertThat(DmUri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void broken_escapes_are_malformed() {
        assertThat(statusOf("./A%2")).isEqualTo(400);
        assertThat(statusOf("./A%ZZ")).isEqualTo(400);
        assertThat(statusOf("./A%C3")).isEqualTo(400); // truncated UTF-8 sequence
        assertThat(statusOf("./%2E%2E")).isEqualTo(400); // decodes to '..', not a node name
    }

    @Test
    void uri_deeper_than_max_depth_answers_414() {
        UriLimits limits = new UriLimits(3, 0, 0);
        assertThat(statusOf("./A/B/C", limits)).isEqualTo(200);
        assertThat(statusOf("./A/B/C/D", limits)).isEqualTo(414);
    }

    @Test
    void uri_longer_than_max_tot_len_answers_414_counting_the_query() {
        UriLimits limits = new UriLimits(0, 12, 0);
        assertThat(statusOf("./ABCDEFGHIJ", limits)).isEqualTo(200); // 12 characters
        assertThat(statusOf("./ABCDEFGHIJK", limits)).isEqualTo(414);
        assertThat(statusOf("./ABC?prop=ACL", limits)).isEqualTo(414);
    }

    @Test
    void segment_longer_than_max_seg_len_answers_414() {
        UriLimits limits = new UriLimits(0, 0, 4);
        assertThat(statusOf("./ABCD/EFGH", limits)).isEqualTo(200);
        assertThat(statusOf("./ABCDE", limits)).isEqualTo(414);
        assertThat(statusOf("./AB%25", limits)).isEqualTo(414); // escaped form "AB%25" has 5 characters
    }

    @Test
    void unlimited_still_has_a_depth_ceiling() {
        String deep = "./" + String.join("/", java.util.Collections.nCopies(UriLimits.CEILING_DEPTH + 1, "a"));
        assertThat(statusOf(deep)).isEqualTo(414);
    }

    @Test
    void limits_are_16_bit_unsigned_numbers() {
        assertThatThrownBy(() -> new UriLimits(70000, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UriLimits(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prop_query_names_a_property() {
        DmUri u = DmUri.parse("./A?prop=ACL");
        assertThat(u.query()).isEqualTo(new UriQuery.Prop(NodeProperty.ACL));
        assertThat(u.node()).isEqualTo(DmUri.parse("./A"));
        assertThat(u).hasToString("./A?prop=ACL");
    }

    @Test
    void unknown_property_answers_406() {
        assertThat(statusOf("./A?prop=Colour")).isEqualTo(406);
        assertThat(statusOf("./A?prop=acl")).isEqualTo(406);
    }

    @Test
    void list_struct_and_struct_data_parse() {
        assertThat(DmUri.parse("./A?list=Struct").query()).isEqualTo(new UriQuery.ListStruct(false));
        assertThat(DmUri.parse("./A?list=StructData").query()).isEqualTo(new UriQuery.ListStruct(true));
    }

    @Test
    void unknown_list_attribute_answers_406() {
        assertThat(statusOf("./A?list=Everything")).isEqualTo(406);
        assertThat(statusOf("./A?list=TNDSX")).isEqualTo(406);
    }

    @Test
    void list_tnds_selects_all_properties_and_value_by_default() {
        UriQuery.ListTnds q = (UriQuery.ListTnds) DmUri.parse("./A?list=TNDS").query();
        assertThat(q.properties()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(NodeProperty.class));
        assertThat(q.value()).isTrue();
    }

    @Test
    void list_tnds_plus_selects_only_the_named_properties() {
        UriQuery.ListTnds q =
                (UriQuery.ListTnds) DmUri.parse("./A?list=TNDS+ACL+Value").query();
        assertThat(q.properties()).containsExactly(NodeProperty.ACL);
        assertThat(q.value()).isTrue();
        assertThat(DmUri.parse("./A?list=TNDS+ACL+Value")).hasToString("./A?list=TNDS+ACL+Value");
    }

    @Test
    void list_tnds_minus_selects_all_but_the_named_properties() {
        UriQuery.ListTnds q =
                (UriQuery.ListTnds) DmUri.parse("./A?list=TNDS-Format-Value").query();
        assertThat(q.properties()).doesNotContain(NodeProperty.FORMAT).contains(NodeProperty.ACL, NodeProperty.TYPE);
        assertThat(q.value()).isFalse();
    }

    @Test
    void list_tnds_cannot_mix_plus_and_minus() {
        assertThat(statusOf("./A?list=TNDS+ACL-Format")).isEqualTo(400);
    }

    @Test
    void list_tnds_with_unknown_property_answers_406() {
        assertThat(statusOf("./A?list=TNDS+Colour")).isEqualTo(406);
    }

    @Test
    void unknown_query_key_is_malformed() {
        assertThat(statusOf("./A?foo=bar")).isEqualTo(400);
        assertThat(statusOf("./A?prop=")).isEqualTo(400);
        assertThat(statusOf("./A?")).isEqualTo(400);
    }

    @Test
    void parent_child_and_within_navigate_the_tree() {
        DmUri u = DmUri.parse("./A/B/C");
        assertThat(u.parent()).isEqualTo(DmUri.parse("./A/B"));
        assertThat(u.name()).isEqualTo("C");
        assertThat(DmUri.parse("./A").child("B")).isEqualTo(DmUri.parse("./A/B"));
        assertThat(u.isWithin(DmUri.parse("./A"))).isTrue();
        assertThat(u.isWithin(DmUri.ROOT)).isTrue();
        assertThat(DmUri.parse("./AB").isWithin(DmUri.parse("./A"))).isFalse();
        assertThatThrownBy(DmUri.ROOT::parent).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void names_that_cannot_name_a_node_are_rejected() {
        for (String bad : List.of("", ".", "..")) {
            assertThatThrownBy(() -> DmUri.of(bad))
                    .isInstanceOf(DmUriException.class)
                    .extracting(e -> ((DmUriException) e).status())
                    .isEqualTo(400);
        }
        assertThatThrownBy(() -> DmUri.of("a\uD800")).isInstanceOf(DmUriException.class);
    }
}
