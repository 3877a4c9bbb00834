package io.trustdm.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.ItemData;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a server sends, the tree answers a DM status and never throws. */
class ManagementTreeProperties {
    private static final Set<Integer> STATUSES =
            Set.of(200, 400, 403, 404, 405, 406, 413, 414, 415, 418, 420, 425, 500);

    @Provide
    Arbitrary<String> uris() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("Vendor", "A", "Inbox", "DMAcc", "..", ".", "", "%2F", "%", "x?prop=ACL"),
                Arbitraries.strings().ofMaxLength(6));
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.of("./", ""), segment.list().ofMaxSize(5))
                .as((prefix, l) -> prefix + String.join("/", l))
                .edgeCases(c -> c.add("."));
    }

    @Provide
    Arbitrary<NodeContent> contents() {
        Arbitrary<String> format = Arbitraries.of(null, "chr", "int", "bool", "node", "b64", "bin", "xml", "null", "x");
        Arbitrary<String> type = Arbitraries.of(null, "text/plain", Tnds.MIME_XML, Tnds.MIME_WBXML);
        Arbitrary<ItemData> data = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(20).map(ItemData::text),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(ItemData::opaque));
        return net.jqwik.api.Combinators.combine(format, type, data).as(NodeContent::new);
    }

    @Property(tries = 300)
    void every_command_answers_a_dm_status(
            @ForAll("uris") String uri, @ForAll("uris") String other, @ForAll("contents") NodeContent content) {
        ManagementTree tree = TreeFixtures.tree();
        io.trustdm.tree.mo.InboxObject.install(tree);
        tree.add(Principal.LOCAL, "./Vendor/A", NodeContent.text("v"));
        for (Principal p : new Principal[] {TreeFixtures.A, Principal.LOCAL}) {
            assertThat(tree.add(p, uri, content).status()).isIn(STATUSES);
            assertThat(tree.replace(p, uri, content).status()).isIn(STATUSES);
            assertThat(tree.get(p, uri).status()).isIn(STATUSES);
            assertThat(tree.copy(p, uri, other).status()).isIn(STATUSES);
            assertThat(tree.exec(p, uri, content, "c").status()).isIn(STATUSES);
            assertThat(tree.delete(p, uri).status()).isIn(STATUSES);
        }
    }
}
