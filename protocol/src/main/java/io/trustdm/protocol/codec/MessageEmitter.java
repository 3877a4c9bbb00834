package io.trustdm.protocol.codec;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Command;
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
import java.util.List;

/**
 * Writes the message model as element events in the element order of the SyncML 1.2 DTD as DM uses it
 * (OMA-TS-DM_RepPro; the order of Data and Correlator follows the DM Generic Alert example). MetInf fields are
 * written as Format, Type, Mark, Size, NextNonce, Version, MaxMsgSize, MaxObjSize, EMI.
 */
public final class MessageEmitter {
    private final ElementSink out;

    private MessageEmitter(ElementSink out) {
        this.out = out;
    }

    public static void emit(SyncMl msg, ElementSink out) {
        new MessageEmitter(out).syncMl(msg);
    }

    public static void emit(Element ddf, ElementSink out) {
        new MessageEmitter(out).markup(ddf);
    }

    private void leaf(Tag tag, String text) {
        if (text == null) {
            return;
        }
        if (text.isEmpty()) {
            out.empty(tag);
        } else {
            out.start(tag);
            out.text(text);
            out.end(tag);
        }
    }

    private void flag(Tag tag, boolean present) {
        if (present) {
            out.empty(tag);
        }
    }

    private void syncMl(SyncMl m) {
        out.start(Tag.SYNC_ML);
        syncHdr(m.header());
        syncBody(m.body());
        out.end(Tag.SYNC_ML);
    }

    private void syncHdr(SyncHdr h) {
        out.start(Tag.SYNC_HDR);
        leaf(Tag.VER_DTD, h.verDtd());
        leaf(Tag.VER_PROTO, h.verProto());
        leaf(Tag.SESSION_ID, h.sessionId());
        leaf(Tag.MSG_ID, h.msgId());
        target(h.target());
        source(h.source());
        leaf(Tag.RESP_URI, h.respUri());
        flag(Tag.NO_RESP, h.noResp());
        cred(h.cred());
        meta(h.meta());
        out.end(Tag.SYNC_HDR);
    }

    private void target(Target t) {
        if (t == null) {
            return;
        }
        out.start(Tag.TARGET);
        leaf(Tag.LOC_URI, t.locUri());
        leaf(Tag.LOC_NAME, t.locName());
        out.end(Tag.TARGET);
    }

    private void source(Source s) {
        if (s == null) {
            return;
        }
        out.start(Tag.SOURCE);
        leaf(Tag.LOC_URI, s.locUri());
        leaf(Tag.LOC_NAME, s.locName());
        out.end(Tag.SOURCE);
    }

    private void cred(Cred c) {
        if (c == null) {
            return;
        }
        out.start(Tag.CRED);
        meta(c.meta());
        leaf(Tag.DATA, c.data());
        out.end(Tag.CRED);
    }

    private void chal(Chal c) {
        if (c == null) {
            return;
        }
        out.start(Tag.CHAL);
        meta(c.meta());
        out.end(Tag.CHAL);
    }

    private void meta(Meta m) {
        if (m == null) {
            return;
        }
        if (m.isEmpty()) {
            out.empty(Tag.META);
            return;
        }
        out.start(Tag.META);
        leaf(Tag.MI_FORMAT, m.format());
        leaf(Tag.MI_TYPE, m.type());
        leaf(Tag.MI_MARK, m.mark());
        leaf(Tag.MI_SIZE, m.size() == null ? null : m.size().toString());
        leaf(Tag.MI_NEXT_NONCE, m.nextNonce());
        leaf(Tag.MI_VERSION, m.version());
        leaf(Tag.MI_MAX_MSG_SIZE, m.maxMsgSize() == null ? null : m.maxMsgSize().toString());
        leaf(Tag.MI_MAX_OBJ_SIZE, m.maxObjSize() == null ? null : m.maxObjSize().toString());
        for (String e : m.emi()) {
            leaf(Tag.MI_EMI, e);
        }
        out.end(Tag.META);
    }

    private void syncBody(SyncBody b) {
        out.start(Tag.SYNC_BODY);
        for (Command c : b.commands()) {
            command(c);
        }
        flag(Tag.FINAL, b.isFinal());
        out.end(Tag.SYNC_BODY);
    }

    private void cmdId(String id) {
        if (!id.isEmpty()) {
            leaf(Tag.CMD_ID, id);
        }
    }

    private void command(Command c) {
        if (c instanceof ItemCommand ic) {
            Tag tag = tagOf(ic);
            out.start(tag);
            cmdId(ic.cmdId());
            flag(Tag.NO_RESP, ic.noResp());
            cred(ic.cred());
            meta(ic.meta());
            items(ic.items());
            out.end(tag);
        } else if (c instanceof Exec e) {
            out.start(Tag.EXEC);
            cmdId(e.cmdId());
            flag(Tag.NO_RESP, e.noResp());
            cred(e.cred());
            meta(e.meta());
            leaf(Tag.CORRELATOR, e.correlator());
            items(e.items());
            out.end(Tag.EXEC);
        } else if (c instanceof Alert a) {
            out.start(Tag.ALERT);
            cmdId(a.cmdId());
            flag(Tag.NO_RESP, a.noResp());
            cred(a.cred());
            leaf(Tag.DATA, a.data());
            leaf(Tag.CORRELATOR, a.correlator());
            items(a.items());
            out.end(Tag.ALERT);
        } else if (c instanceof Atomic a) {
            container(Tag.ATOMIC, a.cmdId(), a.noResp(), a.meta(), a.commands());
        } else if (c instanceof Sequence s) {
            container(Tag.SEQUENCE, s.cmdId(), s.noResp(), s.meta(), s.commands());
        } else if (c instanceof Status s) {
            out.start(Tag.STATUS);
            cmdId(s.cmdId());
            leaf(Tag.MSG_REF, s.msgRef());
            leaf(Tag.CMD_REF, s.cmdRef());
            leaf(Tag.CMD, s.cmd());
            for (String r : s.targetRefs()) {
                leaf(Tag.TARGET_REF, r);
            }
            for (String r : s.sourceRefs()) {
                leaf(Tag.SOURCE_REF, r);
            }
            cred(s.cred());
            chal(s.chal());
            leaf(Tag.DATA, s.data());
            items(s.items());
            out.end(Tag.STATUS);
        } else if (c instanceof Results r) {
            out.start(Tag.RESULTS);
            cmdId(r.cmdId());
            leaf(Tag.MSG_REF, r.msgRef());
            leaf(Tag.CMD_REF, r.cmdRef());
            meta(r.meta());
            leaf(Tag.TARGET_REF, r.targetRef());
            leaf(Tag.SOURCE_REF, r.sourceRef());
            items(r.items());
            out.end(Tag.RESULTS);
        } else if (c instanceof UnsupportedCommand u) {
            Tag tag = Tag.byName(Tag.PAGE_SYNCML, u.name());
            if (tag == null) {
                throw new IllegalArgumentException("cannot encode unknown command " + u.name());
            }
            if (u.cmdId().isEmpty()) {
                out.empty(tag);
            } else {
                out.start(tag);
                cmdId(u.cmdId());
                out.end(tag);
            }
        } else {
            throw new IllegalStateException("unknown command type " + c.getClass());
        }
    }

    private static Tag tagOf(ItemCommand ic) {
        if (ic instanceof Add) {
            return Tag.ADD;
        } else if (ic instanceof Replace) {
            return Tag.REPLACE;
        } else if (ic instanceof Delete) {
            return Tag.DELETE;
        } else if (ic instanceof Get) {
            return Tag.GET;
        }
        return Tag.COPY;
    }

    private void container(Tag tag, String cmdId, boolean noResp, Meta meta, List<Command> commands) {
        out.start(tag);
        cmdId(cmdId);
        flag(Tag.NO_RESP, noResp);
        meta(meta);
        for (Command c : commands) {
            command(c);
        }
        out.end(tag);
    }

    private void items(List<Item> items) {
        for (Item i : items) {
            item(i);
        }
    }

    private void item(Item i) {
        if (i.target() == null && i.source() == null && i.meta() == null && i.data() == null && !i.moreData()) {
            out.empty(Tag.ITEM);
            return;
        }
        out.start(Tag.ITEM);
        target(i.target());
        source(i.source());
        meta(i.meta());
        ItemData d = i.data();
        if (d instanceof ItemData.Text t) {
            leaf(Tag.DATA, t.value());
        } else if (d instanceof ItemData.Opaque o) {
            out.start(Tag.DATA);
            out.opaque(o.bytes());
            out.end(Tag.DATA);
        } else if (d instanceof ItemData.Markup m) {
            out.start(Tag.DATA);
            markup(m.root());
            out.end(Tag.DATA);
        }
        flag(Tag.MORE_DATA, i.moreData());
        out.end(Tag.ITEM);
    }

    private void markup(Element e) {
        Tag tag = Tag.byName(Tag.PAGE_DDF, e.name());
        if (tag == null) {
            throw new IllegalArgumentException("not a DM DDF element: " + e.name());
        }
        if (e.text() == null && e.children().isEmpty()) {
            out.empty(tag);
            return;
        }
        out.start(tag);
        if (e.text() != null) {
            out.text(e.text());
        }
        for (Element c : e.children()) {
            markup(c);
        }
        out.end(tag);
    }
}
