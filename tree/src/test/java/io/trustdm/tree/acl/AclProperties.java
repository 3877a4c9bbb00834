package io.trustdm.tree.acl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class AclProperties {

    @Provide
    Arbitrary<Acl> acls() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.just(Acl.ANY),
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .withChars('\u00E9', '\u4E2D')
                        .ofMinLength(1)
                        .ofMaxLength(10)
                        .filter(Acl::isValidServerId));
        Arbitrary<Tuple.Tuple2<AclCommand, List<String>>> entry = Combinators.combine(
                        Arbitraries.of(AclCommand.class), id.list().ofMinSize(1).ofMaxSize(4))
                .as(Tuple::of);
        return entry.list().ofMaxSize(6).map(entries -> {
            Acl.Builder b = Acl.builder();
            for (Tuple.Tuple2<AclCommand, List<String>> e : entries) {
                for (String s : e.get2()) {
                    b.grant(e.get1(), s);
                }
            }
            return b.build();
        });
    }

    @Property
    void print_then_parse_gives_the_same_acl(@ForAll("acls") Acl acl) {
        Acl reparsed = Acl.parse(acl.toString());
        assertThat(reparsed).isEqualTo(acl);
        assertThat(reparsed.toString()).isEqualTo(acl.toString());
    }

    @Property
    void parsing_canonical_text_is_stable(@ForAll("acls") Acl acl) {
        String once = Acl.parse(acl.toString()).toString();
        assertThat(Acl.parse(once).toString()).isEqualTo(once);
    }

    @Property
    void arbitrary_text_either_parses_or_fails_with_the_format_exception(
            @ForAll @net.jqwik.api.constraints.StringLength(max = 40) String text) {
        try {
            Acl acl = Acl.parse(text);
            assertThat(Acl.parse(acl.toString())).isEqualTo(acl);
        } catch (AclFormatException expected) {
            assertThat(expected.status()).isEqualTo(400);
        }
    }
}
