package io.trustdm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.protocol.message.UnsupportedCommand;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * decode(encode(m)) == m for generated messages, through both codecs.
 *
 * <p>The generator covers every command (Atomic and Sequence nested three deep), Status with refs, Cred, Chal and
 * items, Results, Meta with every field, Items with Text, Opaque and Markup data, and text drawn from the whole of
 * Unicode: supplementary characters, the XML markup characters, CR, LF, tab, whitespace-only and empty strings, and a
 * pool of repeated strings so that the WBXML string table gets used.
 *
 * <p>What the generator leaves out, because no encoding can carry it (the encoders refuse it rather than corrupt it):
 * NUL in text (WBXML strings are NUL-terminated, XML 1.0 has no NUL), unpaired surrogates (not Unicode scalar values),
 * negative Size / MaxMsgSize / MaxObjSize (the wire form is an unsigned decimal), element names outside the DDF
 * vocabulary, and nesting deeper than {@link DecodeLimits#DEFAULT}. For XML it also leaves out the characters XML 1.0
 * forbids (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF) and Opaque data: the XML writer writes Opaque bytes
 * as text, so they come back as {@link ItemData.Text} (and bytes that are not UTF-8 cannot be written at all); the
 * XML messages carry Text where the WBXML ones may carry Opaque.
 */
class RoundTripProperties {

    /** What the target encoding can carry. */
    enum Flavour {
        WBXML,
        XML
    }

    @Property
    void wbxml_decode_of_encode_is_identity_with_default_options(@ForAll("wbxmlMessages") SyncMl message) {
        byte[] wire = WbxmlEncoder.encode(message);
        assertThat(WbxmlDecoder.decode(wire)).isEqualTo(message);

        // The generator must reach what this property claims to cover.
        List<ItemData> data = new ArrayList<>();
        int depth = collect(message.body().commands(), data, 1);
        collectCoverage("opaque data", data.stream().anyMatch(d -> d instanceof ItemData.Opaque));
        collectCoverage("markup data", data.stream().anyMatch(d -> d instanceof ItemData.Markup));
        collectCoverage("containers nested two deep", depth >= 3);
        collectCoverage("supplementary character", hasSupplementary(message.toString()));
    }

    @Property
    void wbxml_decode_of_encode_is_identity_with_string_table_public_id_and_every_version(
            @ForAll("wbxmlMessages") SyncMl message, @ForAll("wbxmlOptions") WbxmlEncoder.Options options) {
        byte[] wire = WbxmlEncoder.encode(message, options);
        assertThat(wire[0]).isEqualTo((byte) options.version());
        assertThat(WbxmlDecoder.decode(wire)).isEqualTo(message);

        int fpiEntry = options.stringTablePublicId() ? WbxmlDecoder.FPI_SYNCML_1_2.length() + 1 : 0;
        collectCoverage("strings in the string table", stringTableLength(wire) > fpiEntry);
    }

    @Property
    void xml_read_of_write_is_identity(@ForAll("xmlMessages") SyncMl message) {
        byte[] wire = SyncMlXmlWriter.write(message);
        assertThat(SyncMlXmlReader.read(wire)).isEqualTo(message);

        String xml = new String(wire, StandardCharsets.UTF_8);
        collectCoverage("carriage return escaped", xml.contains("&#13;"));
        collectCoverage("markup characters escaped", xml.contains("&amp;") && xml.contains("&lt;"));
        collectCoverage("supplementary character", hasSupplementary(xml));
    }

    @Property
    void codec_round_trips_xml_messages_through_both_encodings(@ForAll("xmlMessages") SyncMl message) {
        SyncMlCodec codec = SyncMlCodec.defaults();
        SyncMl viaXml = codec.decode(codec.encode(message, SyncMlCodec.Encoding.XML), SyncMlCodec.Encoding.XML);
        SyncMl viaWbxml = codec.decode(codec.encode(viaXml, SyncMlCodec.Encoding.WBXML), SyncMlCodec.Encoding.WBXML);
        assertThat(viaWbxml).isEqualTo(message);
    }

    // ---- generator coverage

    private static void collectCoverage(String label, boolean seen) {
        Statistics.label(label).collect(seen);
        Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 5.0));
    }

    /** Gathers the item data of all commands; returns the container nesting depth (1 = top level only). */
    private static int collect(List<Command> commands, List<ItemData> data, int level) {
        int deepest = level;
        for (Command c : commands) {
            List<Item> items = List.of();
            if (c instanceof ItemCommand ic) {
                items = ic.items();
            } else if (c instanceof Exec e) {
                items = e.items();
            } else if (c instanceof Alert a) {
                items = a.items();
            } else if (c instanceof Status s) {
                items = s.items();
            } else if (c instanceof Results r) {
                items = r.items();
            } else if (c instanceof Atomic a) {
                deepest = Math.max(deepest, collect(a.commands(), data, level + 1));
            } else if (c instanceof Sequence s) {
                deepest = Math.max(deepest, collect(s.commands(), data, level + 1));
            }
            for (Item i : items) {
                if (i.data() != null) {
                    data.add(i.data());
                }
            }
        }
        return deepest;
    }

    private static boolean hasSupplementary(String s) {
        return s.codePoints().anyMatch(Character::isSupplementaryCodePoint);
    }

    /** The string-table length field of an encoded message (header: version, public id, charset, length). */
    private static int stringTableLength(byte[] wire) {
        int pos = 1;
        boolean tableId = wire[pos] == 0;
        pos = skipMbUInt32(wire, pos);
        if (tableId) {
            pos = skipMbUInt32(wire, pos);
        }
        pos = skipMbUInt32(wire, pos);
        int len = 0;
        while ((wire[pos] & 0x80) != 0) {
            len = (len << 7) | (wire[pos++] & 0x7F);
        }
        return (len << 7) | wire[pos];
    }

    private static int skipMbUInt32(byte[] wire, int pos) {
        while ((wire[pos] & 0x80) != 0) {
            pos++;
        }
        return pos + 1;
    }

    // ---- providers

    @Provide
    Arbitrary<SyncMl> wbxmlMessages() {
        return messages(Flavour.WBXML);
    }

    @Provide
    Arbitrary<SyncMl> xmlMessages() {
        return messages(Flavour.XML);
    }

    @Provide
    Arbitrary<WbxmlEncoder.Options> wbxmlOptions() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 3), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(WbxmlEncoder.Options::new);
    }

    // ---- generators

    /** Strings that recur in real messages; drawing from them makes repeats, and so string-table entries, likely. */
    private static final List<String> COMMON = List.of(
            "./DevInfo/DevId",
            "./DevDetail/SwV",
            "chr",
            "text/plain",
            "IMEI:493005100592800",
            "Größe ⌀ 5 µm",
            "\uD83D\uDE00 ok \uD83D\uDE00",
            "a\r\nb\tc",
            "  ",
            WbxmlDecoder.FPI_SYNCML_1_2);

    private static Arbitrary<SyncMl> messages(Flavour f) {
        return Combinators.combine(header(f), body(f)).as(SyncMl::new);
    }

    private static Arbitrary<Integer> codePoints(Flavour f) {
        List<Tuple2<Integer, Arbitrary<Integer>>> parts = new ArrayList<>(List.of(
                Tuple.of(12, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(3, Arbitraries.of((int) '\t', (int) '\n', (int) '\r', (int) ' ')),
                Tuple.of(2, Arbitraries.of((int) '<', (int) '>', (int) '&', (int) '"', (int) '\'', (int) ']')),
                Tuple.of(3, Arbitraries.integers().between(0x80, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFD)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT))));
        if (f == Flavour.WBXML) {
            // WBXML strings are NUL-terminated UTF-8: every other control character and noncharacter fits.
            parts.add(Tuple.of(1, Arbitraries.integers().between(0x01, 0x1F)));
            parts.add(Tuple.of(1, Arbitraries.of(0x7F, 0xFFFE, 0xFFFF)));
        }
        return Arbitraries.frequencyOf(parts);
    }

    private static Arbitrary<String> text(Flavour f) {
        Arbitrary<String> random = codePoints(f)
                .list()
                .ofMaxSize(12)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(1, Arbitraries.of(COMMON)));
    }

    private static Arbitrary<String> optionalText(Flavour f) {
        return text(f).injectNull(0.3);
    }

    private static Arbitrary<Long> optionalNumber() {
        return Arbitraries.longs().greaterOrEqual(0).injectNull(0.4);
    }

    private static Arbitrary<Meta> meta(Flavour f) {
        return Builders.withBuilder(Meta::builder)
                .use(optionalText(f))
                .in(Meta.Builder::format)
                .use(optionalText(f))
                .in(Meta.Builder::type)
                .use(optionalText(f))
                .in(Meta.Builder::mark)
                .use(optionalNumber())
                .in(Meta.Builder::size)
                .use(optionalText(f))
                .in(Meta.Builder::nextNonce)
                .use(optionalText(f))
                .in(Meta.Builder::version)
                .use(optionalNumber())
                .in(Meta.Builder::maxMsgSize)
                .use(optionalNumber())
                .in(Meta.Builder::maxObjSize)
                .use(text(f).list().ofMaxSize(2))
                .in(Meta.Builder::emi)
                .build(Meta.Builder::build);
    }

    private static Arbitrary<Meta> optionalMeta(Flavour f) {
        return meta(f).injectNull(0.5);
    }

    private static Arbitrary<Target> target(Flavour f) {
        return Combinators.combine(text(f), optionalText(f)).as(Target::new);
    }

    private static Arbitrary<Source> source(Flavour f) {
        return Combinators.combine(text(f), optionalText(f)).as(Source::new);
    }

    private static Arbitrary<Cred> optionalCred(Flavour f) {
        return Combinators.combine(optionalMeta(f), text(f)).as(Cred::new).injectNull(0.7);
    }

    private static Arbitrary<SyncHdr> header(Flavour f) {
        return Builders.withBuilder(SyncHdr::builder)
                .use(text(f))
                .in(SyncHdr.Builder::verDtd)
                .use(text(f))
                .in(SyncHdr.Builder::verProto)
                .use(text(f))
                .in(SyncHdr.Builder::sessionId)
                .use(text(f))
                .in(SyncHdr.Builder::msgId)
                .use(target(f))
                .in(SyncHdr.Builder::target)
                .use(source(f))
                .in(SyncHdr.Builder::source)
                .use(optionalText(f))
                .in(SyncHdr.Builder::respUri)
                .use(Arbitraries.of(true, false))
                .in(SyncHdr.Builder::noResp)
                .use(optionalCred(f))
                .in(SyncHdr.Builder::cred)
                .use(optionalMeta(f))
                .in(SyncHdr.Builder::meta)
                .build(SyncHdr.Builder::build);
    }

    private static final String[] DDF_NAMES = Arrays.stream(Tag.values())
            .filter(t -> t.page() == Tag.PAGE_DDF)
            .map(Tag::xmlName)
            .toArray(String[]::new);

    private static Arbitrary<Element> element(Flavour f, int depth) {
        Arbitrary<String> names = Arbitraries.of(DDF_NAMES);
        Arbitrary<Element> leaf =
                Combinators.combine(names, optionalText(f)).as((n, t) -> new Element(n, t, List.of()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Element> interior = Combinators.combine(
                        names, element(f, depth - 1).list().ofMinSize(1).ofMaxSize(3))
                .as((n, children) -> new Element(n, null, children));
        return Arbitraries.oneOf(leaf, interior);
    }

    private static Arbitrary<ItemData> itemData(Flavour f) {
        Arbitrary<ItemData> text = text(f).map(ItemData::text);
        Arbitrary<ItemData> markup = element(f, 3).map(ItemData.Markup::new);
        if (f == Flavour.XML) {
            return Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(1, markup));
        }
        Arbitrary<ItemData> opaque =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(ItemData::opaque);
        return Arbitraries.frequencyOf(Tuple.of(3, text), Tuple.of(2, opaque), Tuple.of(1, markup));
    }

    private static Arbitrary<Item> item(Flavour f) {
        return Combinators.combine(
                        target(f).injectNull(0.3),
                        source(f).injectNull(0.6),
                        optionalMeta(f),
                        itemData(f).injectNull(0.3),
                        Arbitraries.of(true, false))
                .as(Item::new);
    }

    private static Arbitrary<List<Item>> items(Flavour f) {
        return item(f).list().ofMaxSize(3);
    }

    private static Arbitrary<String> cmdId(Flavour f) {
        // An empty CmdID is how the model says "absent".
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 999).map(String::valueOf)), Tuple.of(1, text(f)));
    }

    private static Arbitrary<Command> itemCommand(Flavour f) {
        return Combinators.combine(
                        Arbitraries.of("Add", "Replace", "Delete", "Get", "Copy"),
                        cmdId(f),
                        Arbitraries.of(true, false),
                        optionalCred(f),
                        optionalMeta(f),
                        items(f))
                .as((kind, id, noResp, cred, meta, items) -> switch (kind) {
                    case "Add" -> new Add(id, noResp, cred, meta, items);
                    case "Replace" -> new Replace(id, noResp, cred, meta, items);
                    case "Delete" -> new Delete(id, noResp, cred, meta, items);
                    case "Get" -> new Get(id, noResp, cred, meta, items);
                    default -> new Copy(id, noResp, cred, meta, items);
                });
    }

    private static Arbitrary<Command> exec(Flavour f) {
        return Combinators.combine(
                        cmdId(f),
                        Arbitraries.of(true, false),
                        optionalCred(f),
                        optionalMeta(f),
                        optionalText(f),
                        items(f))
                .as(Exec::new);
    }

    private static Arbitrary<Command> alert(Flavour f) {
        return Combinators.combine(
                        cmdId(f),
                        Arbitraries.of(true, false),
                        optionalCred(f),
                        Arbitraries.oneOf(Arbitraries.of("1100", "1201", "1222", "1226"), text(f))
                                .injectNull(0.2),
                        optionalText(f),
                        items(f))
                .as(Alert::new);
    }

    private static Arbitrary<Command> status(Flavour f) {
        Arbitrary<List<String>> refs = text(f).list().ofMaxSize(2);
        Arbitrary<Chal> chal = meta(f).map(Chal::new).injectNull(0.6);
        Arbitrary<Tuple.Tuple6<String, String, String, String, List<String>, List<String>>> head = Combinators.combine(
                        cmdId(f), optionalText(f), text(f), text(f), refs, refs)
                .as(Tuple::of);
        Arbitrary<Tuple.Tuple4<Cred, Chal, String, List<Item>>> tail = Combinators.combine(
                        optionalCred(f),
                        chal,
                        Arbitraries.oneOf(Arbitraries.of("200", "212", "401", "407"), text(f)),
                        items(f))
                .as(Tuple::of);
        return Combinators.combine(head, tail)
                .as((h, t) -> new Status(
                        h.get1(), h.get2(), h.get3(), h.get4(), h.get5(), h.get6(), t.get1(), t.get2(), t.get3(),
                        t.get4()));
    }

    private static Arbitrary<Command> results(Flavour f) {
        return Combinators.combine(
                        cmdId(f), optionalText(f), text(f), optionalMeta(f), optionalText(f), optionalText(f), items(f))
                .as(Results::new);
    }

    private static Arbitrary<Command> unsupported(Flavour f) {
        return Combinators.combine(Arbitraries.of("Sync", "Map", "Put", "Search", "Move"), cmdId(f))
                .as(UnsupportedCommand::new);
    }

    private static Arbitrary<Command> container(Flavour f, int depth) {
        return Combinators.combine(
                        Arbitraries.of(true, false),
                        cmdId(f),
                        Arbitraries.of(true, false),
                        optionalMeta(f),
                        command(f, depth).list().ofMaxSize(3))
                .as((atomic, id, noResp, meta, commands) ->
                        atomic ? new Atomic(id, noResp, meta, commands) : new Sequence(id, noResp, meta, commands));
    }

    private static Arbitrary<Command> command(Flavour f, int depth) {
        List<Tuple2<Integer, Arbitrary<Command>>> kinds = new ArrayList<>(List.of(
                Tuple.of(4, itemCommand(f)),
                Tuple.of(1, exec(f)),
                Tuple.of(2, alert(f)),
                Tuple.of(3, status(f)),
                Tuple.of(1, results(f)),
                Tuple.of(1, unsupported(f))));
        if (depth > 0) {
            kinds.add(Tuple.of(6, container(f, depth - 1)));
        }
        return Arbitraries.frequencyOf(kinds);
    }

    private static Arbitrary<SyncBody> body(Flavour f) {
        return Combinators.combine(command(f, 3).list().ofMaxSize(4), Arbitraries.of(true, false))
                .as(SyncBody::new);
    }
}
