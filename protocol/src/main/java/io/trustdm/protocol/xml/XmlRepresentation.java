package io.trustdm.protocol.xml;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncMl;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Prepares a message decoded from WBXML for XML: opaque Item data that is not UTF-8 text (a {@code bin} value such as
 * a nonce) becomes base64 text with Meta Format {@code b64}, the representation DM uses for binary values in XML
 * (OMA-TS-DM_TND §8.3.7.2). Opaque data that is valid UTF-8 is left alone.
 */
public final class XmlRepresentation {
    private XmlRepresentation() {}

    public static SyncMl binaryAsB64(SyncMl m) {
        List<Command> out = new ArrayList<>();
        for (Command c : m.body().commands()) {
            out.add(command(c));
        }
        return new SyncMl(m.header(), new SyncBody(out, m.body().isFinal()));
    }

    private static Command command(Command c) {
        if (c instanceof Add a) {
            return new Add(a.cmdId(), a.noResp(), a.cred(), a.meta(), items(a.items()));
        } else if (c instanceof Replace r) {
            return new Replace(r.cmdId(), r.noResp(), r.cred(), r.meta(), items(r.items()));
        } else if (c instanceof Delete d) {
            return new Delete(d.cmdId(), d.noResp(), d.cred(), d.meta(), items(d.items()));
        } else if (c instanceof Get g) {
            return new Get(g.cmdId(), g.noResp(), g.cred(), g.meta(), items(g.items()));
        } else if (c instanceof Copy cp) {
            return new Copy(cp.cmdId(), cp.noResp(), cp.cred(), cp.meta(), items(cp.items()));
        } else if (c instanceof Exec e) {
            return new Exec(e.cmdId(), e.noResp(), e.cred(), e.meta(), e.correlator(), items(e.items()));
        } else if (c instanceof Alert a) {
            return new Alert(a.cmdId(), a.noResp(), a.cred(), a.data(), a.correlator(), items(a.items()));
        } else if (c instanceof Results r) {
            return new Results(
                    r.cmdId(), r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(), items(r.items()));
        } else if (c instanceof Status s) {
            return s.withItems(items(s.items()));
        } else if (c instanceof Atomic a) {
            return new Atomic(
                    a.cmdId(),
                    a.noResp(),
                    a.meta(),
                    a.commands().stream().map(XmlRepresentation::command).toList());
        } else if (c instanceof Sequence s) {
            return new Sequence(
                    s.cmdId(),
                    s.noResp(),
                    s.meta(),
                    s.commands().stream().map(XmlRepresentation::command).toList());
        }
        return c;
    }

    private static List<Item> items(List<Item> items) {
        List<Item> out = new ArrayList<>(items.size());
        for (Item i : items) {
            if (i.data() instanceof ItemData.Opaque o && !isUtf8(o.bytes())) {
                Meta meta = (i.meta() == null ? Meta.EMPTY : i.meta())
                        .toBuilder().format("b64").build();
                out.add(new Item(
                        i.target(),
                        i.source(),
                        meta,
                        ItemData.text(Base64.getEncoder().encodeToString(o.bytes())),
                        i.moreData()));
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            for (byte x : b) {
                if (x >= 0 && x < 0x20 && x != '\t' && x != '\n' && x != '\r') {
                    return false; // control characters that XML 1.0 cannot carry
                }
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
