package io.trustdm.protocol.codec;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
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
import java.util.List;

/** Hand-built messages that exercise most of the vocabulary, for tests that need one valid message to break. */
public final class SampleMessages {
    private SampleMessages() {}

    /** A small header: session 1, message 1, from IMEI:1 to http://s/dm. */
    public static SyncHdr header() {
        return SyncHdr.builder()
                .sessionId("1")
                .msgId("1")
                .target(Target.of("http://s/dm"))
                .source(Source.of("IMEI:1"))
                .build();
    }

    /**
     * Header with Cred and Meta; Status with Chal; Results; Atomic holding a Sequence holding a Replace (with
     * {@code itemData}) and an Add carrying a TNDS tree; Exec; Generic Alert; UI alert; an unsupported command;
     * non-ASCII and supplementary text; Final.
     */
    public static SyncMl rich(ItemData itemData) {
        Meta hdrMeta = Meta.builder().maxMsgSize(8192L).maxObjSize(1048576L).build();
        Cred cred =
                new Cred(Meta.builder().format("b64").type("syncml:auth-md5").build(), "ZGV2aWNlOnNlY3JldA==");
        SyncHdr hdr = SyncHdr.builder()
                .sessionId("1A")
                .msgId("2")
                .target(new Target("https://dm.example.com/dm", null))
                .source(new Source("IMEI:490154203237518", "dev"))
                .respUri("https://dm.example.com/dm?s=1A")
                .cred(cred)
                .meta(hdrMeta)
                .build();
        Element tree = Element.of(
                "MgmtTree",
                Element.leaf("VerDTD", "1.2"),
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "FwUpdate"),
                        Element.of(
                                "RTProperties",
                                Element.of("Format", Element.leaf("node", null)),
                                Element.of("Type", Element.leaf("DDFName", "urn:oma:mo:oma-fumo:1.0")))));
        Meta chalMeta = Meta.builder()
                .format("b64")
                .type("syncml:auth-md5")
                .nextNonce("bm9uY2U=")
                .build();
        List<Command> commands = List.of(
                new Status(
                        "1",
                        "1",
                        "0",
                        "SyncHdr",
                        List.of("https://dm.example.com/dm"),
                        List.of("IMEI:490154203237518"),
                        null,
                        new Chal(chalMeta),
                        "401",
                        List.of()),
                Status.of("2", "1", "3", "Get", 200),
                new Results(
                        "3",
                        "1",
                        "3",
                        Meta.ofFormatAndType("chr", "text/plain"),
                        "./DevInfo/Mod",
                        null,
                        List.of(new Item(
                                null,
                                Source.of("./DevInfo/Mod"),
                                null,
                                ItemData.text("Größe \uD83D\uDE00 a&b<c>\r\n"),
                                false))),
                new Atomic(
                        "4",
                        false,
                        null,
                        List.of(new Sequence(
                                "5",
                                true,
                                Meta.builder().type("x").build(),
                                List.of(
                                        new Replace(
                                                "6",
                                                false,
                                                null,
                                                Meta.ofFormatAndType("bin", "application/octet-stream"),
                                                List.of(new Item(
                                                        Target.of("./FUMO/Pkg/Data"),
                                                        null,
                                                        Meta.builder().size(5L).build(),
                                                        itemData,
                                                        true))),
                                        new Add(
                                                "7",
                                                false,
                                                null,
                                                null,
                                                List.of(new Item(
                                                        Target.of("./Tree"),
                                                        null,
                                                        Meta.ofFormatAndType(
                                                                "xml", "application/vnd.syncml.dmtnds+xml"),
                                                        new ItemData.Markup(tree),
                                                        false))))))),
                new Exec("9", false, null, null, "corr-1", List.of(Item.target("./FUMO/Update"))),
                new Alert(
                        "10",
                        false,
                        null,
                        "1226",
                        "corr-1",
                        List.of(new Item(
                                null,
                                Source.of("./FUMO"),
                                Meta.builder().format("int").mark("critical").build(),
                                ItemData.text("200"),
                                false))),
                new Alert("11", false, null, "1100", null, List.of(Item.EMPTY, Item.data("Continue?"))),
                Get.of("12", Item.target("./DevDetail?list=Struct")),
                new UnsupportedCommand("Sync", "14"));
        return new SyncMl(hdr, new SyncBody(commands, true));
    }

    /** {@link #rich(ItemData)} with binary opaque data (WBXML only). */
    public static SyncMl richWithOpaque() {
        return rich(ItemData.opaque(new byte[] {0, 1, (byte) 0xFF, '\r', '\n'}));
    }

    /** {@link #rich(ItemData)} with base64 text in place of the binary data, as XML carries it. */
    public static SyncMl richWithText() {
        return rich(ItemData.text("AAH/DQo="));
    }
}
