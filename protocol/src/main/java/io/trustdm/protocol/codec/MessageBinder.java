package io.trustdm.protocol.codec;

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
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.protocol.message.UnsupportedCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the message model from a stream of element events, for either encoding. It follows the SyncML 1.2 content
 * models as DM uses them, and is tolerant where real peers differ: whitespace between elements, elements of the
 * Data-Sync vocabulary that DM does not use (skipped), commands DM does not use (kept as
 * {@link UnsupportedCommand}), a missing CmdID (kept as the empty string so the session can answer it), and
 * MetInf elements in any order. Everything else that does not fit is a {@link SyncMlFormatException}.
 *
 * <p>Recursion depth is bounded by {@link DecodeLimits#maxDepth()}, checked on every start tag.
 */
public final class MessageBinder {
    private final ElementSource src;
    private final DecodeLimits limits;
    private int depth;
    private int elements;
    private ElementSource.Event event;

    private MessageBinder(ElementSource src, DecodeLimits limits) {
        this.src = src;
        this.limits = limits;
    }

    /** Reads one complete SyncML message. */
    public static SyncMl bindMessage(ElementSource src, DecodeLimits limits) {
        MessageBinder b = new MessageBinder(src, limits);
        Tag root = b.nextStartOrEnd();
        if (root == null) {
            throw src.error("empty document", StatusCode.BAD_REQUEST);
        }
        if (root != Tag.SYNC_ML) {
            throw src.error("root element is " + root.xmlName() + ", not SyncML", StatusCode.BAD_REQUEST);
        }
        SyncMl msg = b.syncMl();
        b.expectEof();
        return msg;
    }

    /** Reads one stand-alone DM DDF / TNDS document (root {@code MgmtTree}). */
    public static Element bindDdfDocument(ElementSource src, DecodeLimits limits) {
        MessageBinder b = new MessageBinder(src, limits);
        Tag root = b.nextStartOrEnd();
        if (root == null) {
            throw src.error("empty document", StatusCode.BAD_REQUEST);
        }
        if (root.page() != Tag.PAGE_DDF) {
            throw src.error("root element " + root.xmlName() + " is not DM DDF", StatusCode.BAD_REQUEST);
        }
        Element e = b.markup(root);
        b.expectEof();
        return e;
    }

    // ---- event helpers

    private ElementSource.Event advance() {
        event = src.next();
        if (event == ElementSource.Event.START) {
            if (++depth > limits.maxDepth()) {
                throw src.error("elements nested deeper than " + limits.maxDepth(), StatusCode.BAD_REQUEST);
            }
            if (++elements > limits.maxElements()) {
                throw src.error("more than " + limits.maxElements() + " elements", StatusCode.REQUEST_ENTITY_TOO_LARGE);
            }
        } else if (event == ElementSource.Event.END) {
            depth--;
        }
        return event;
    }

    /**
     * Moves to the next start tag among the children of the current element, skipping whitespace; returns
     * {@code null} at the end of the current element.
     */
    private Tag nextStartOrEnd() {
        while (true) {
            switch (advance()) {
                case START:
                    return src.tag();
                case END:
                    return null;
                case TEXT:
                    if (!src.text().isBlank()) {
                        throw src.error("unexpected text where elements belong", StatusCode.BAD_REQUEST);
                    }
                    break;
                case EOF:
                default:
                    throw src.error("document ends inside an element", StatusCode.BAD_REQUEST);
            }
        }
    }

    private void expectEof() {
        while (true) {
            ElementSource.Event e = advance();
            if (e == ElementSource.Event.EOF) {
                return;
            }
            if (e != ElementSource.Event.TEXT || !src.text().isBlank()) {
                throw src.error("content after the root element", StatusCode.BAD_REQUEST);
            }
        }
    }

    /** Reads the text content of the element just started, up to its end tag. */
    private String text(Tag tag) {
        String result = null;
        StringBuilder more = null;
        while (true) {
            switch (advance()) {
                case TEXT:
                    if (result == null) {
                        result = src.text();
                    } else {
                        if (more == null) {
                            more = new StringBuilder(result);
                        }
                        more.append(src.text());
                    }
                    break;
                case END:
                    return more != null ? more.toString() : result == null ? "" : result;
                case START:
                    throw src.error(
                            tag.xmlName() + " must hold text, not element "
                                    + src.tag().xmlName(),
                            StatusCode.BAD_REQUEST);
                case EOF:
                default:
                    throw src.error("document ends inside " + tag.xmlName(), StatusCode.BAD_REQUEST);
            }
        }
    }

    private void empty(Tag tag) {
        // Empty marker elements (Final, MoreData, NoResp); tolerate whitespace inside.
        String t = text(tag);
        if (!t.isBlank()) {
            throw src.error(tag.xmlName() + " must be empty", StatusCode.BAD_REQUEST);
        }
    }

    private void skip() {
        int level = 1;
        while (level > 0) {
            switch (advance()) {
                case START -> level++;
                case END -> level--;
                case TEXT -> {}
                default -> throw src.error("document ends inside a skipped element", StatusCode.BAD_REQUEST);
            }
        }
    }

    private SyncMlFormatException unexpected(Tag child, String parent) {
        return src.error("unexpected element " + child.xmlName() + " in " + parent, StatusCode.BAD_REQUEST);
    }

    private SyncMlFormatException missing(String child, String parent) {
        return src.error(parent + " lacks " + child, StatusCode.BAD_REQUEST);
    }

    private SyncMlFormatException duplicate(Tag child, String parent) {
        return src.error(parent + " has more than one " + child.xmlName(), StatusCode.BAD_REQUEST);
    }

    /** Data-Sync elements that DM does not use: read and dropped wherever they appear. */
    private static boolean isIgnorable(Tag t) {
        return switch (t) {
            case ARCHIVE,
                    SFT_DEL,
                    LANG,
                    NO_RESULTS,
                    SOURCE_PARENT,
                    TARGET_PARENT,
                    NUMBER_OF_CHANGES,
                    FIELD,
                    FILTER,
                    RECORD,
                    FILTER_TYPE -> true;
            default -> false;
        };
    }

    // ---- structure

    private SyncMl syncMl() {
        SyncHdr hdr = null;
        SyncBody body = null;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            if (t == Tag.SYNC_HDR && hdr == null) {
                hdr = syncHdr();
            } else if (t == Tag.SYNC_BODY && body == null && hdr != null) {
                body = syncBody();
            } else {
                throw unexpected(t, "SyncML");
            }
        }
        if (hdr == null) {
            throw missing("SyncHdr", "SyncML");
        }
        if (body == null) {
            throw missing("SyncBody", "SyncML");
        }
        return new SyncMl(hdr, body);
    }

    private SyncHdr syncHdr() {
        String verDtd = null, verProto = null, sessionId = null, msgId = null, respUri = null;
        Target target = null;
        Source source = null;
        boolean noResp = false;
        Cred cred = null;
        Meta meta = null;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case VER_DTD -> verDtd = once(verDtd, text(t), t, "SyncHdr");
                case VER_PROTO -> verProto = once(verProto, text(t), t, "SyncHdr");
                case SESSION_ID -> sessionId = once(sessionId, text(t), t, "SyncHdr");
                case MSG_ID -> msgId = once(msgId, text(t), t, "SyncHdr");
                case TARGET -> target = once(target, target(), t, "SyncHdr");
                case SOURCE -> source = once(source, source(), t, "SyncHdr");
                case RESP_URI -> respUri = once(respUri, text(t), t, "SyncHdr");
                case NO_RESP -> {
                    empty(t);
                    noResp = true;
                }
                case CRED -> cred = once(cred, cred(), t, "SyncHdr");
                case META -> meta = once(meta, meta(), t, "SyncHdr");
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, "SyncHdr");
                    }
                }
            }
        }
        if (verDtd == null) throw missing("VerDTD", "SyncHdr");
        if (verProto == null) throw missing("VerProto", "SyncHdr");
        if (sessionId == null) throw missing("SessionID", "SyncHdr");
        if (msgId == null) throw missing("MsgID", "SyncHdr");
        if (target == null) throw missing("Target", "SyncHdr");
        if (source == null) throw missing("Source", "SyncHdr");
        return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, cred, meta);
    }

    private <T> T once(T existing, T value, Tag t, String parent) {
        if (existing != null) {
            throw duplicate(t, parent);
        }
        return value;
    }

    private Target target() {
        String[] uriAndName = locUriAndName("Target");
        return new Target(uriAndName[0], uriAndName[1]);
    }

    private Source source() {
        String[] uriAndName = locUriAndName("Source");
        return new Source(uriAndName[0], uriAndName[1]);
    }

    private String[] locUriAndName(String parent) {
        String uri = null, name = null;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case LOC_URI -> uri = once(uri, text(t), t, parent);
                case LOC_NAME -> name = once(name, text(t), t, parent);
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, parent);
                    }
                }
            }
        }
        if (uri == null) {
            throw missing("LocURI", parent);
        }
        return new String[] {uri, name};
    }

    private Cred cred() {
        Meta meta = null;
        String data = null;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case META -> meta = once(meta, meta(), t, "Cred");
                case DATA -> data = once(data, text(t), t, "Cred");
                default -> throw unexpected(t, "Cred");
            }
        }
        if (data == null) {
            throw missing("Data", "Cred");
        }
        return new Cred(meta, data);
    }

    private Chal chal() {
        Meta meta = null;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            if (t == Tag.META) {
                meta = once(meta, meta(), t, "Chal");
            } else {
                throw unexpected(t, "Chal");
            }
        }
        if (meta == null) {
            throw missing("Meta", "Chal");
        }
        return new Chal(meta);
    }

    private Meta meta() {
        Meta.Builder b = Meta.builder();
        List<String> emi = new ArrayList<>();
        metaInto(b, emi, "Meta");
        return b.emi(emi).build();
    }

    private void metaInto(Meta.Builder b, List<String> emi, String parent) {
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case MI_FORMAT -> b.format(text(t));
                case MI_TYPE -> b.type(text(t));
                case MI_MARK -> b.mark(text(t));
                case MI_SIZE -> b.size(number(t));
                case MI_NEXT_NONCE -> b.nextNonce(text(t));
                case MI_VERSION -> b.version(text(t));
                case MI_MAX_MSG_SIZE -> b.maxMsgSize(number(t));
                case MI_MAX_OBJ_SIZE -> b.maxObjSize(number(t));
                case MI_EMI -> emi.add(text(t));
                // Some toolkits wrap the fields in a MetInf element.
                case MI_MET_INF -> metaInto(b, emi, "MetInf");
                default -> {
                    if (t.page() == Tag.PAGE_METINF) {
                        // Data-Sync MetInf fields (Anchor, Mem, FreeMem, ...) carry nothing DM uses.
                        skip();
                    } else {
                        throw unexpected(t, parent);
                    }
                }
            }
        }
    }

    private long number(Tag t) {
        String s = text(t).strip();
        // Any non-negative long the encoder writes must read back, Long.MAX_VALUE (19 digits) included.
        if (s.isEmpty() || s.length() > 19) {
            throw src.error(t.xmlName() + " is not a number: '" + s + "'", StatusCode.BAD_REQUEST);
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw src.error(t.xmlName() + " is not a number: '" + s + "'", StatusCode.BAD_REQUEST);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private SyncBody syncBody() {
        List<Command> commands = new ArrayList<>();
        boolean fin = false;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            if (t == Tag.FINAL) {
                empty(t);
                fin = true;
            } else if (fin) {
                throw src.error("command " + t.xmlName() + " after Final", StatusCode.BAD_REQUEST);
            } else {
                commands.add(command(t, "SyncBody"));
            }
        }
        return new SyncBody(commands, fin);
    }

    private Command command(Tag t, String parent) {
        return switch (t) {
            case ADD, REPLACE, DELETE, GET, COPY, EXEC, ALERT -> itemCommand(t);
            case ATOMIC, SEQUENCE -> container(t);
            case STATUS -> status();
            case RESULTS -> results();
            case SYNC, MAP, PUT, SEARCH, MOVE -> unsupported(t);
            default -> throw unexpected(t, parent);
        };
    }

    private Command unsupported(Tag t) {
        String cmdId = null;
        for (Tag c; (c = nextStartOrEnd()) != null; ) {
            if (c == Tag.CMD_ID && cmdId == null) {
                cmdId = text(c);
            } else {
                skip();
            }
        }
        return new UnsupportedCommand(t.xmlName(), cmdId == null ? "" : cmdId);
    }

    private Command itemCommand(Tag kind) {
        String name = kind.xmlName();
        String cmdId = null, data = null, correlator = null;
        boolean noResp = false;
        Cred cred = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, text(t), t, name);
                case NO_RESP -> {
                    empty(t);
                    noResp = true;
                }
                case CRED -> cred = once(cred, cred(), t, name);
                case META -> {
                    if (kind == Tag.ALERT) {
                        throw unexpected(t, name);
                    }
                    meta = once(meta, meta(), t, name);
                }
                case DATA -> {
                    if (kind != Tag.ALERT) {
                        throw unexpected(t, name);
                    }
                    data = once(data, text(t), t, name);
                }
                case CORRELATOR -> {
                    if (kind != Tag.ALERT && kind != Tag.EXEC) {
                        throw unexpected(t, name);
                    }
                    correlator = once(correlator, text(t), t, name);
                }
                case ITEM -> items.add(item());
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, name);
                    }
                }
            }
        }
        String id = cmdId == null ? "" : cmdId;
        return switch (kind) {
            case ADD -> new Add(id, noResp, cred, meta, items);
            case REPLACE -> new Replace(id, noResp, cred, meta, items);
            case DELETE -> new Delete(id, noResp, cred, meta, items);
            case GET -> new Get(id, noResp, cred, meta, items);
            case COPY -> new Copy(id, noResp, cred, meta, items);
            case EXEC -> new Exec(id, noResp, cred, meta, correlator, items);
            case ALERT -> new Alert(id, noResp, cred, data, correlator, items);
            default -> throw new IllegalStateException(name);
        };
    }

    private Command container(Tag kind) {
        String name = kind.xmlName();
        String cmdId = null;
        boolean noResp = false;
        Meta meta = null;
        List<Command> commands = new ArrayList<>();
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, text(t), t, name);
                case NO_RESP -> {
                    empty(t);
                    noResp = true;
                }
                case META -> meta = once(meta, meta(), t, name);
                default -> commands.add(command(t, name));
            }
        }
        String id = cmdId == null ? "" : cmdId;
        return kind == Tag.ATOMIC ? new Atomic(id, noResp, meta, commands) : new Sequence(id, noResp, meta, commands);
    }

    private Command status() {
        String cmdId = null, msgRef = null, cmdRef = null, cmd = null, data = null;
        List<String> targetRefs = new ArrayList<>();
        List<String> sourceRefs = new ArrayList<>();
        Cred cred = null;
        Chal chal = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, text(t), t, "Status");
                case MSG_REF -> msgRef = once(msgRef, text(t), t, "Status");
                case CMD_REF -> cmdRef = once(cmdRef, text(t), t, "Status");
                case CMD -> cmd = once(cmd, text(t), t, "Status");
                case TARGET_REF -> targetRefs.add(text(t));
                case SOURCE_REF -> sourceRefs.add(text(t));
                case CRED -> cred = once(cred, cred(), t, "Status");
                case CHAL -> chal = once(chal, chal(), t, "Status");
                case DATA -> data = once(data, text(t), t, "Status");
                case ITEM -> items.add(item());
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, "Status");
                    }
                }
            }
        }
        if (cmdRef == null) throw missing("CmdRef", "Status");
        if (cmd == null) throw missing("Cmd", "Status");
        if (data == null) throw missing("Data", "Status");
        return new Status(
                cmdId == null ? "" : cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal, data, items);
    }

    private Command results() {
        String cmdId = null, msgRef = null, cmdRef = null, targetRef = null, sourceRef = null;
        Meta meta = null;
        List<Item> items = new ArrayList<>();
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case CMD_ID -> cmdId = once(cmdId, text(t), t, "Results");
                case MSG_REF -> msgRef = once(msgRef, text(t), t, "Results");
                case CMD_REF -> cmdRef = once(cmdRef, text(t), t, "Results");
                case META -> meta = once(meta, meta(), t, "Results");
                case TARGET_REF -> targetRef = once(targetRef, text(t), t, "Results");
                case SOURCE_REF -> sourceRef = once(sourceRef, text(t), t, "Results");
                case ITEM -> items.add(item());
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, "Results");
                    }
                }
            }
        }
        if (cmdRef == null) throw missing("CmdRef", "Results");
        return new Results(cmdId == null ? "" : cmdId, msgRef, cmdRef, meta, targetRef, sourceRef, items);
    }

    private Item item() {
        Target target = null;
        Source source = null;
        Meta meta = null;
        ItemData data = null;
        boolean moreData = false;
        for (Tag t; (t = nextStartOrEnd()) != null; ) {
            switch (t) {
                case TARGET -> target = once(target, target(), t, "Item");
                case SOURCE -> source = once(source, source(), t, "Item");
                case META -> meta = once(meta, meta(), t, "Item");
                case DATA -> data = once(data, itemData(), t, "Item");
                case MORE_DATA -> {
                    empty(t);
                    moreData = true;
                }
                default -> {
                    if (isIgnorable(t)) {
                        skip();
                    } else {
                        throw unexpected(t, "Item");
                    }
                }
            }
        }
        return new Item(target, source, meta, data, moreData);
    }

    /** Item Data: text, opaque bytes, or one embedded DDF element (whitespace around it allowed). */
    private ItemData itemData() {
        StringBuilder text = null;
        byte[] opaque = null;
        String single = null;
        Element markup = null;
        while (true) {
            switch (advance()) {
                case TEXT -> {
                    byte[] raw = src.opaque();
                    if (raw != null) {
                        opaque = concat(opaque, pendingText(single, text), raw);
                        single = null;
                        text = null;
                    } else if (opaque != null) {
                        opaque = concat(opaque, null, src.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } else if (single == null && text == null) {
                        single = src.text();
                    } else {
                        if (text == null) {
                            text = new StringBuilder(single);
                            single = null;
                        }
                        text.append(src.text());
                    }
                }
                case START -> {
                    Tag t = src.tag();
                    if (t.page() != Tag.PAGE_DDF || markup != null) {
                        throw unexpected(t, "Data");
                    }
                    markup = markup(t);
                }
                case END -> {
                    if (markup != null) {
                        String around = opaque != null ? "x" : pendingText(single, text);
                        if (around != null && !around.isBlank()) {
                            throw src.error("Data mixes text and markup", StatusCode.BAD_REQUEST);
                        }
                        return new ItemData.Markup(markup);
                    }
                    if (opaque != null) {
                        return new ItemData.Opaque(opaque);
                    }
                    String s = pendingText(single, text);
                    return new ItemData.Text(s == null ? "" : s);
                }
                default -> throw src.error("document ends inside Data", StatusCode.BAD_REQUEST);
            }
        }
    }

    private static String pendingText(String single, StringBuilder text) {
        return text != null ? text.toString() : single;
    }

    private static byte[] concat(byte[] head, String mid, byte[] tail) {
        byte[] m = mid == null ? new byte[0] : mid.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int h = head == null ? 0 : head.length;
        byte[] out = new byte[h + m.length + tail.length];
        if (head != null) {
            System.arraycopy(head, 0, out, 0, h);
        }
        System.arraycopy(m, 0, out, h, m.length);
        System.arraycopy(tail, 0, out, h + m.length, tail.length);
        return out;
    }

    /** A DDF element whose start tag was just read. */
    private Element markup(Tag tag) {
        List<Element> children = new ArrayList<>();
        StringBuilder text = null;
        while (true) {
            switch (advance()) {
                case TEXT -> {
                    if (text == null) {
                        text = new StringBuilder();
                    }
                    text.append(src.text());
                }
                case START -> {
                    Tag t = src.tag();
                    if (t.page() != Tag.PAGE_DDF) {
                        throw unexpected(t, tag.xmlName());
                    }
                    children.add(markup(t));
                }
                case END -> {
                    String s = text == null ? null : text.toString();
                    if (!children.isEmpty()) {
                        if (s != null && !s.isBlank()) {
                            throw src.error(tag.xmlName() + " mixes text and elements", StatusCode.BAD_REQUEST);
                        }
                        s = null;
                    }
                    return new Element(tag.xmlName(), s, children);
                }
                default -> throw src.error("document ends inside " + tag.xmlName(), StatusCode.BAD_REQUEST);
            }
        }
    }
}
