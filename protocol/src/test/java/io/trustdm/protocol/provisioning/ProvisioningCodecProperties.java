package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random documents survive both encodings; random and damaged input only ever fails with a typed error. */
class ProvisioningCodecProperties {

    /** Names and values that hit the token tables on both pages, plus random text that does not. */
    private static Arbitrary<String> text() {
        List<String> vocabulary = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            for (int t = 0; t < 256; t++) {
                if (t < 128 && ProvisioningTokens.attrStart(page, t) != null) {
                    vocabulary.add(ProvisioningTokens.attrStart(page, t).prefix());
                }
                if (ProvisioningTokens.attrValue(page, t) != null) {
                    vocabulary.add(ProvisioningTokens.attrValue(page, t));
                }
            }
        }
        Arbitrary<String> random = Arbitraries.strings()
                .withChars("aAzZ09-_ .,:/=&<>\"'\t\n\r\u00e9\u20ac\u4e2d")
                .ofMaxLength(12);
        Arbitrary<String> withAstral = random.map(s -> s + "\uD83D\uDE00");
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(vocabulary)), Tuple.of(4, random), Tuple.of(1, withAstral));
    }

    private static Arbitrary<Parm> parm() {
        Arbitrary<String> value = Arbitraries.oneOf(text(), Arbitraries.just(""), Arbitraries.just((String) null));
        return Combinators.combine(text(), value).as(Parm::new);
    }

    private static Arbitrary<Characteristic> characteristic(int depth) {
        Arbitrary<ProvisioningElement> child = depth <= 0
                ? parm().map(p -> p)
                : Arbitraries.frequencyOf(
                        Tuple.of(3, parm().map(p -> (ProvisioningElement) p)),
                        Tuple.of(1, characteristic(depth - 1).map(c -> (ProvisioningElement) c)));
        return Combinators.combine(text(), child.list().ofMaxSize(4)).as(Characteristic::new);
    }

    @Provide
    Arbitrary<ProvisioningDocument> documents() {
        Arbitrary<String> version = Arbitraries.oneOf(Arbitraries.of("1.0", "1.1"), Arbitraries.just((String) null));
        return Combinators.combine(version, characteristic(3).list().ofMaxSize(3))
                .as(ProvisioningDocument::new);
    }

    @Property(tries = 400)
    void wbxml_round_trip_keeps_the_document(@ForAll("documents") ProvisioningDocument doc) {
        assertThat(ProvisioningWbxmlDecoder.decode(ProvisioningWbxmlEncoder.encode(doc)))
                .isEqualTo(doc);
        byte[] withTable =
                ProvisioningWbxmlEncoder.encode(doc, ProvisioningWbxmlEncoder.Options.DEFAULT.withStringTable(true));
        assertThat(ProvisioningWbxmlDecoder.decode(withTable)).isEqualTo(doc);
    }

    @Property(tries = 400)
    void xml_round_trip_keeps_the_document(@ForAll("documents") ProvisioningDocument doc) {
        assertThat(ProvisioningXmlReader.read(ProvisioningXmlWriter.write(doc))).isEqualTo(doc);
    }

    @Property(tries = 300)
    void damaged_wbxml_decodes_or_fails_typed(
            @ForAll("documents") ProvisioningDocument doc,
            @ForAll int where,
            @ForAll byte replacement,
            @ForAll boolean cut) {
        byte[] b = ProvisioningWbxmlEncoder.encode(doc);
        int i = Math.floorMod(where, b.length);
        byte[] damaged = cut ? Arrays.copyOf(b, i) : b.clone();
        if (!cut) {
            damaged[i] = replacement;
        }
        try {
            ProvisioningWbxmlDecoder.decode(damaged);
        } catch (ProvisioningFormatException expected) {
            assertThat(expected.offset()).isBetween(0L, (long) damaged.length);
        }
    }

    @Property(tries = 500)
    void random_bytes_after_a_prov_header_decode_or_fail_typed(@ForAll byte[] body) {
        byte[] b = new byte[body.length + 4];
        b[0] = 0x03;
        b[1] = 0x0B;
        b[2] = 0x6A;
        b[3] = 0x00;
        System.arraycopy(body, 0, b, 4, body.length);
        try {
            ProvisioningWbxmlDecoder.decode(b);
        } catch (ProvisioningFormatException expected) {
            assertThat(expected.offset()).isBetween(0L, (long) b.length);
        }
    }

    @Property(tries = 200)
    void damaged_xml_reads_or_fails_typed(
            @ForAll("documents") ProvisioningDocument doc, @ForAll int where, @ForAll char replacement) {
        byte[] b = ProvisioningXmlWriter.write(doc);
        byte[] damaged = b.clone();
        damaged[Math.floorMod(where, b.length)] = (byte) replacement;
        try {
            ProvisioningXmlReader.read(damaged);
        } catch (ProvisioningFormatException expected) {
            assertThat(expected.status()).isIn(400, 413);
        }
    }
}
