package io.trustdm.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DmUriProperties {

    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> name = Arbitraries.strings()
                .withCharRange('\u0000', '\u00FF')
                .withChars('/', '?', '%', '.', ' ', '+', '&', '=', '\u20AC', '\u4E2D')
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return name.list().ofMaxSize(8);
    }

    @Property
    void escaping_round_trips_any_node_names(@ForAll("names") List<String> names) {
        DmUri uri = DmUri.of(names);
        DmUri reparsed = DmUri.parse(uri.toString());
        assertThat(reparsed.segments()).isEqualTo(names);
        assertThat(reparsed).isEqualTo(uri);
    }

    @Property
    void escaped_segments_never_contain_structural_characters(@ForAll("names") List<String> names) {
        for (String n : names) {
            String escaped = DmUri.escapeSegment(n);
            assertThat(escaped).doesNotContain("/", "?");
            assertThat(escaped.chars().noneMatch(c -> c < 0x20 || c == 0x7F)).isTrue();
            assertThat(DmUri.unescapeSegment(escaped)).isEqualTo(n);
        }
    }

    @Property
    void arbitrary_text_parses_or_fails_with_a_dm_status(@ForAll String text) {
        try {
            DmUri u = DmUri.parse(text, UriLimits.DEFAULT);
            assertThat(DmUri.parse(u.toString(), UriLimits.UNLIMITED)).isEqualTo(u);
        } catch (DmUriException e) {
            assertThat(e.status()).isIn(400, 404, 406, 414);
        }
    }
}
