package io.trustdm.client.session;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.CmdIds;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.protocol.message.UnsupportedCommand;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Management Session from the Device's side: builds Package 1, then answers each server message until the
 * session ends. Not thread-safe: a session is driven by one thread, message by message.
 *
 * <p>Implemented rules (OMA-TS-DM_Protocol §2, OMA-TS-DM_RepPro §4.1): the SyncHdr Status comes first and every
 * command gets a Status, in order; Results follow the Status of their Get; commands of an unauthenticated server are
 * answered with the header's failure code and never executed; a cancelled UI alert stops the package (215 for the
 * rest); Final is only sent once the server's package is complete and ours is too; a server message without Final
 * is answered with Alert 1222; Alert 1223 ends the session without a reply; large objects are reassembled from
 * MoreData chunks (213 per chunk, 424 on a size mismatch, 1225 when a new command interrupts one, 413 above our
 * MaxObjSize); a reply larger than the server's MaxMsgSize is split over several messages, continued when the server
 * sends Alert 1222.
 */
public final class ManagementSession {
    /** Room kept for the SyncHdr, its Status and the closing tokens when splitting a package. */
    private static final int HEADROOM = 512;
    /** Room for the Status of a Get, which travels with the first part of its Results. */
    private static final int STATUS_ROOM = 160;

    private final SessionConfig config;
    private final CommandProcessor processor;
    private final ClientAuthenticator auth;
    private final UserInteraction ui;
    private final SyncMlCodec codec;

    private String sessionId;
    private String targetUri;
    private int nextMsgId = 1;
    private long serverMaxMsgSize = 64 * 1024;
    private Long serverMaxObjSize;
    /** Results still to be sent that continue a large object (no Size; MoreData unless they are the last chunk). */
    private final Set<Command> continuations = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private List<Command> package1;
    private int package1Attempts;
    private final Deque<Command> outbox = new ArrayDeque<>();
    private LargeObject incoming;
    private boolean finished;
    private boolean aborted;

    public ManagementSession(
            SessionConfig config,
            CommandProcessor processor,
            ClientAuthenticator auth,
            UserInteraction ui,
            SyncMlCodec codec) {
        this.config = Objects.requireNonNull(config, "config");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.targetUri = config.serverUri();
    }

    /**
     * Package 1: the session alert (1201 client-initiated, 1200 answering a notification), DevInfo as a Replace
     * with Source items, and any client alerts (Generic Alert 1226, Client Event 1224).
     *
     * @param sessionId for 1200, the notification's session id as upper-case hex
     */
    public SyncMl start(int alertCode, String sessionId, List<Item> devInfo, List<Alert> clientAlerts) {
        if (alertCode != AlertCode.CLIENT_INITIATED_MGMT && alertCode != AlertCode.SERVER_INITIATED_MGMT) {
            throw new IllegalArgumentException("a session starts with Alert 1200 or 1201, not " + alertCode);
        }
        if (package1 != null) {
            throw new IllegalStateException("session already started");
        }
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        List<Command> cmds = new ArrayList<>();
        cmds.add(Alert.of("1", alertCode));
        cmds.add(new Replace("2", false, null, null, devInfo));
        cmds.addAll(clientAlerts);
        package1 = List.copyOf(cmds);
        package1Attempts = 1;
        return message(CmdIds.renumber(package1), true);
    }

    /** The URI the next message goes to: the server URI, or the last RespURI the server gave. */
    public String targetUri() {
        return targetUri;
    }

    public boolean isFinished() {
        return finished;
    }

    /** True when the server aborted the session with Alert 1223. */
    public boolean wasAborted() {
        return aborted;
    }

    public String sessionId() {
        return sessionId;
    }

    public SessionConfig config() {
        return config;
    }

    /**
     * Processes one server message and returns the Device's reply, or empty when the session is over.
     *
     * @throws SessionException when the server breaks the protocol or authentication fails for good
     */
    public Optional<SyncMl> onServerMessage(SyncMl msg) throws SessionException {
        if (finished) {
            throw new SessionException("message received after the session ended");
        }
        SyncHdr h = msg.header();
        if (!h.sessionId().equals(sessionId)) {
            throw new SessionException("server used SessionID " + h.sessionId() + " in session " + sessionId);
        }
        if (h.respUri() != null && !h.respUri().isBlank()) {
            targetUri = h.respUri();
        }
        if (h.meta() != null && h.meta().maxMsgSize() != null) {
            serverMaxMsgSize = Math.max(1024, h.meta().maxMsgSize());
        }
        if (h.meta() != null && h.meta().maxObjSize() != null) {
            // valid for the rest of the session until the server announces another value (S-PRO §2.2)
            serverMaxObjSize = h.meta().maxObjSize();
        }
        String serverMsgId = h.msgId();

        List<Command> replies = new ArrayList<>();
        ClientAuthenticator.ServerVerdict verdict = auth.verifyServer(h);
        replies.add(new Status(
                "0",
                serverMsgId,
                "0",
                "SyncHdr",
                List.of(h.target().locUri()),
                List.of(h.source().locUri()),
                null,
                verdict.challenge(),
                Integer.toString(verdict.status()),
                List.of()));

        // S-PRO §2.4/§2.5: our own challenge alone is no reason to answer; only the server's commands are.
        boolean needsAnswer = false;
        boolean stopPackage = false;
        boolean nextMessageRequested = false;
        for (Command c : msg.body().commands()) {
            if (c instanceof Status s) {
                if ("0".equals(s.cmdRef())) {
                    ClientAuthenticator.HeaderOutcome o = auth.onHeaderStatus(s.code(), s.chal());
                    if (o == ClientAuthenticator.HeaderOutcome.FAIL) {
                        finished = true;
                        throw new SessionException("server refused our credentials (status " + s.data() + ")");
                    }
                    if (o == ClientAuthenticator.HeaderOutcome.RESEND_PACKAGE_1) {
                        if (++package1Attempts > 3) {
                            finished = true;
                            throw new SessionException("authentication failed after 3 attempts");
                        }
                        // S-PRO §2.4: the failing response holds only Status; resend Alert and DevInfo with new Cred.
                        // S-PRO §2.4.1: the resend carries the Status for the server's SyncHdr, keeps the
                        // SessionID and goes to the RespURI (draft() uses sessionId and targetUri).
                        List<Command> resend = new ArrayList<>(package1.size() + 1);
                        resend.add(replies.get(0));
                        resend.addAll(package1);
                        return Optional.of(message(CmdIds.renumber(resend), true));
                    }
                }
                continue;
            }
            if (c instanceof Results) {
                continue; // a server has nothing to report to us; nothing to answer either (Status only if not 200)
            }
            if (c instanceof Alert a) {
                int code = a.code();
                if (code == AlertCode.SESSION_ABORT) {
                    finished = true;
                    aborted = true;
                    return Optional.empty();
                }
                if (code == AlertCode.NEXT_MESSAGE) {
                    nextMessageRequested = true;
                    replies.add(status(serverMsgId, a, StatusCode.OK, List.of()));
                    continue;
                }
            }
            needsAnswer = true;
            if (!verdict.authenticated()) {
                // Never execute commands from an unauthenticated server: answer each with the header's code.
                replies.add(status(serverMsgId, c, verdict.status(), List.of()));
                continue;
            }
            if (stopPackage) {
                replies.add(status(serverMsgId, c, StatusCode.NOT_EXECUTED, List.of()));
                continue;
            }
            if (incoming != null) {
                if (isContinuation(c) && !hasChunk((ItemCommand) c)) {
                    Command whole = completeIfLastChunk(serverMsgId, c, replies);
                    if (whole != null) {
                        replies.addAll(
                                processor.execute(whole, new CommandContext(config.serverId(), serverMsgId, ui)));
                    }
                    continue;
                }
                if (!isContinuation(c)) {
                    // S-PRO §2.2: a new command before the last chunk: 1225, and nothing is committed
                    replies.add(noEndOfData());
                    incoming = null;
                }
            }
            if (c instanceof Alert a) {
                Status st = userAlert(serverMsgId, a);
                replies.add(st);
                if (st.code() == StatusCode.OPERATION_CANCELLED) {
                    stopPackage = true;
                }
                continue;
            }
            if (c instanceof UnsupportedCommand) {
                replies.add(status(serverMsgId, c, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, List.of()));
                continue;
            }
            if (c instanceof ItemCommand ic && hasChunk(ic)) {
                Optional<Command> whole = chunk(serverMsgId, ic, replies);
                if (whole.isEmpty()) {
                    continue;
                }
                c = whole.get();
            }
            replies.addAll(processor.execute(c, new CommandContext(config.serverId(), serverMsgId, ui)));
        }

        refuseObjectsAboveMaxObjSize(replies);
        // A message without Final holding only Status and Alert 1222 is the server's "next message" response
        // (S-PRO §2.1): its own package was complete already, it is waiting for the rest of ours.
        boolean serverPackageComplete = msg.body().isFinal() || isNextMessageResponse(msg);
        if (!needsAnswer && serverPackageComplete && outbox.isEmpty() && !nextMessageRequested) {
            // S-PRO §2.5: only a SyncHdr Status would remain; it MUST NOT be sent. The session is over.
            finished = true;
            return Optional.empty();
        }
        if (nextMessageRequested && replies.size() == 1 + countNextMessageStatuses(replies) && outbox.isEmpty()) {
            // the server asked for more, but our package was already complete: answer with Final
            return Optional.of(message(CmdIds.renumber(replies), serverPackageComplete));
        }
        // Our earlier overflow comes first, then this message's answers; while a large object is being sent, the
        // answers (Status only: the server sends nothing new meanwhile) go first and the next chunk fills the rest.
        List<Command> all = new ArrayList<>(replies.subList(0, 1));
        boolean midObject = !outbox.isEmpty() && continuations.contains(outbox.peekFirst());
        if (midObject) {
            all.addAll(replies.subList(1, replies.size()));
            all.addAll(outbox);
        } else {
            all.addAll(outbox);
            all.addAll(replies.subList(1, replies.size()));
        }
        outbox.clear();
        if (!serverPackageComplete) {
            all.add(new Alert("0", false, null, Integer.toString(AlertCode.NEXT_MESSAGE), null, List.of()));
        }
        return Optional.of(fit(all, serverPackageComplete));
    }

    private static int countNextMessageStatuses(List<Command> replies) {
        int n = 0;
        for (Command c : replies) {
            if (c instanceof Status s && "Alert".equals(s.cmd()) && s.code() == StatusCode.OK) {
                n++;
            }
        }
        return n;
    }

    private static boolean isNextMessageResponse(SyncMl msg) {
        boolean pull = false;
        for (Command c : msg.body().commands()) {
            if (c instanceof Alert a && a.code() == AlertCode.NEXT_MESSAGE) {
                pull = true;
            } else if (!(c instanceof Status)) {
                return false;
            }
        }
        return pull;
    }

    /**
     * S-PRO §2.2: an object larger than the server's MaxObjSize is not sent at all; the Get that read it is answered
     * 413 instead of Results.
     */
    private void refuseObjectsAboveMaxObjSize(List<Command> replies) {
        if (serverMaxObjSize == null) {
            return;
        }
        for (int i = replies.size() - 1; i >= 1; i--) {
            if (replies.get(i) instanceof Results r && objectSize(r) > serverMaxObjSize) {
                replies.remove(i);
                for (int k = i - 1; k >= 1; k--) {
                    if (replies.get(k) instanceof Status st
                            && st.cmdRef().equals(r.cmdRef())
                            && java.util.Objects.equals(st.msgRef(), r.msgRef())) {
                        replies.set(k, st.withCode(StatusCode.REQUEST_ENTITY_TOO_LARGE));
                        break;
                    }
                }
            }
        }
    }

    /** The size of the largest item a Results carries, in its transported representation. */
    private static long objectSize(Results r) {
        long max = 0;
        for (Item i : r.items()) {
            max = Math.max(max, octets(i.data()).length);
        }
        return max;
    }

    private static byte[] octets(ItemData d) {
        if (d == null) {
            return new byte[0];
        }
        return d instanceof ItemData.Opaque o ? o.bytes() : d.asText().getBytes(StandardCharsets.UTF_8);
    }

    private int encodedSize(List<Command> commands) {
        return codec.encode(draft(CmdIds.renumber(commands), false), config.encoding()).length;
    }

    /**
     * Builds the reply from the SyncHdr Status and the commands after it, keeping what fits the server's MaxMsgSize
     * and moving the rest, in order, to the outbox for the next message. A single-item Results too large for the
     * message is sent as a large object (S-PRO §2.2): as much as fits goes in this message with MoreData (the first
     * chunk carrying the total Size), the remainder waits at the head of the outbox, one chunk per message, and
     * nothing else is started before its last chunk. A Results never leaves the Status of its Get behind.
     */
    private SyncMl fit(List<Command> commands, boolean serverPackageComplete) {
        List<Command> rest = new ArrayList<>(commands.subList(1, commands.size()));
        Command pull = null;
        if (!rest.isEmpty() && rest.get(rest.size() - 1) instanceof Alert a && a.code() == AlertCode.NEXT_MESSAGE) {
            pull = rest.remove(rest.size() - 1);
        }
        List<Command> now = new ArrayList<>(commands.subList(0, 1));
        List<Command> deferred = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            Command c = rest.get(i);
            now.add(c);
            boolean fits = encodedSize(now) + HEADROOM <= serverMaxMsgSize;
            boolean continuation = continuations.remove(c);
            if (fits) {
                continue; // a continuation that fits whole is the last chunk: it has no MoreData
            }
            now.remove(now.size() - 1);
            // An object that fits a message of its own waits for the next message; only a larger one is chunked
            // (S-PRO §2.2: an object that fits in one message MUST NOT use MoreData).
            boolean fitsAlone = encodedSize(List.of(now.get(0), c)) + HEADROOM + STATUS_ROOM <= serverMaxMsgSize;
            if (c instanceof Results r && r.items().size() == 1 && (!fitsAlone || continuation)) {
                Optional<Results[]> parts = split(now, r, !continuation);
                if (parts.isPresent()) {
                    now.add(parts.get()[0]);
                    continuations.add(parts.get()[1]);
                    deferred.add(parts.get()[1]);
                    deferred.addAll(rest.subList(i + 1, rest.size()));
                    break;
                }
            }
            if (continuation) {
                continuations.add(c);
            }
            if (now.size() == 1) {
                // Nothing else is in this message and the command cannot be split: send it as it is.
                now.add(c);
                deferred.addAll(rest.subList(i + 1, rest.size()));
                break;
            }
            if (c instanceof Results r
                    && now.get(now.size() - 1) instanceof Status st
                    && st.cmdRef().equals(r.cmdRef())) {
                deferred.add(now.remove(now.size() - 1));
            }
            deferred.addAll(rest.subList(i, rest.size()));
            break;
        }
        for (int k = deferred.size() - 1; k >= 0; k--) {
            outbox.addFirst(deferred.get(k));
        }
        if (pull != null) {
            now.add(pull);
        }
        boolean fin = serverPackageComplete && outbox.isEmpty();
        SyncMl m = draft(CmdIds.renumber(now), fin);
        nextMsgId++;
        return m;
    }

    /**
     * Splits a Results into the chunk that fits after {@code now} (with MoreData, and the total Size when it is the
     * first chunk) and the remainder; empty when less than a useful chunk fits.
     */
    private Optional<Results[]> split(List<Command> now, Results r, boolean first) {
        Item item = r.items().get(0);
        byte[] all = octets(item.data());
        boolean opaque = item.data() instanceof ItemData.Opaque;
        String format = formatOf(r, item);
        List<Command> probe = new ArrayList<>(now);
        probe.add(chunk(r, item, new byte[0], opaque, true, first ? (long) all.length : null));
        int room = (int) Math.min(Integer.MAX_VALUE, serverMaxMsgSize - HEADROOM - encodedSize(probe) - 16);
        int n = Math.min(room, all.length - 1);
        while (n >= 64) {
            n = boundary(all, n, opaque, format);
            Results c = chunk(r, item, java.util.Arrays.copyOf(all, n), opaque, true, first ? (long) all.length : null);
            probe.set(probe.size() - 1, c);
            if (encodedSize(probe) + HEADROOM <= serverMaxMsgSize) {
                Results remainder =
                        chunk(r, item, java.util.Arrays.copyOfRange(all, n, all.length), opaque, false, null);
                return Optional.of(new Results[] {c, remainder});
            }
            n = n * 7 / 8; // XML escaping made it larger than estimated
        }
        return Optional.empty();
    }

    private static String formatOf(Results r, Item item) {
        if (item.meta() != null && item.meta().format() != null) {
            return item.meta().format();
        }
        return r.meta() == null ? null : r.meta().format();
    }

    /** A chunk length that keeps b64 text on 4-character groups and UTF-8 text on character boundaries. */
    private static int boundary(byte[] all, int n, boolean opaque, String format) {
        if (opaque) {
            return n;
        }
        if ("b64".equals(format)) {
            return n - n % 4;
        }
        while (n > 0 && (all[n] & 0xC0) == 0x80) {
            n--;
        }
        return n;
    }

    private static Results chunk(Results r, Item item, byte[] part, boolean opaque, boolean more, Long totalSize) {
        Meta itemMeta = item.meta();
        if (totalSize != null) {
            itemMeta = (itemMeta == null ? Meta.builder() : itemMeta.toBuilder())
                    .size(totalSize)
                    .build();
        } else if (itemMeta != null && itemMeta.size() != null) {
            itemMeta = itemMeta.toBuilder().size(null).build();
        }
        ItemData data = opaque ? ItemData.opaque(part) : ItemData.text(new String(part, StandardCharsets.UTF_8));
        Item i = new Item(item.target(), item.source(), itemMeta, data, more);
        return new Results(r.cmdId(), r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(), List.of(i));
    }

    private SyncMl message(List<Command> commands, boolean fin) {
        SyncMl m = draft(commands, fin);
        nextMsgId++;
        return m;
    }

    private SyncMl draft(List<Command> commands, boolean fin) {
        Meta meta = Meta.builder()
                .maxMsgSize(config.maxMsgSize())
                .maxObjSize(config.maxObjSize())
                .build();
        SyncHdr hdr = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId(Integer.toString(nextMsgId))
                .target(Target.of(targetUri))
                .source(new Source(config.deviceId(), config.userName()))
                .cred(auth.credentials())
                .meta(meta)
                .build();
        return new SyncMl(hdr, new SyncBody(commands, fin));
    }

    private static Status status(String msgRef, Command c, int code, List<Item> items) {
        List<String> targets = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (c instanceof ItemCommand ic) {
            for (Item i : ic.items()) {
                if (i.target() != null) {
                    targets.add(i.target().locUri());
                }
                if (i.source() != null) {
                    sources.add(i.source().locUri());
                }
            }
        }
        return new Status(
                "0", msgRef, c.cmdId(), c.name(), targets, sources, null, null, Integer.toString(code), items);
    }

    // ---- user interaction

    private Status userAlert(String msgRef, Alert a) {
        int code = a.code();
        if (!AlertCode.isUserInteraction(code)) {
            return status(msgRef, a, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, List.of());
        }
        List<Item> items = a.items();
        if (items.size() < 2) {
            return status(msgRef, a, StatusCode.INCOMPLETE_COMMAND, List.of());
        }
        Map<String, String> options = parseOptions(text(items.get(0)));
        String text = text(items.get(1));
        List<String> choices = new ArrayList<>();
        for (int i = 2; i < items.size(); i++) {
            choices.add(text(items.get(i)));
        }
        UserInteraction.Answer answer = ui.ask(new UserInteraction.Request(code, options, text, choices));
        List<Item> out = new ArrayList<>();
        for (String s : answer.items()) {
            out.add(Item.data(s));
        }
        return status(msgRef, a, answer.status(), out);
    }

    private static String text(Item i) {
        return i.data() == null ? "" : i.data().asText();
    }

    static Map<String, String> parseOptions(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (s == null || s.isBlank()) {
            return m;
        }
        for (String part : s.split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq).strip().toUpperCase(java.util.Locale.ROOT);
            try {
                m.put(key, URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                m.put(key, part.substring(eq + 1));
            }
        }
        return m;
    }

    // ---- large objects (S-PRO §2.2)

    private static boolean hasChunk(ItemCommand ic) {
        if (!(ic instanceof Add) && !(ic instanceof Replace)) {
            return false;
        }
        for (Item i : ic.items()) {
            if (i.moreData()) {
                return true;
            }
        }
        return false;
    }

    private boolean isContinuation(Command c) {
        if (!(c instanceof Add) && !(c instanceof Replace)) {
            return false;
        }
        ItemCommand ic = (ItemCommand) c;
        return ic.items().size() == 1
                && ic.items().get(0).target() != null
                && ic.items().get(0).target().locUri().equals(incoming.target)
                && c.name().equals(incoming.command.name());
    }

    /**
     * Buffers a chunk; returns the whole command when this was the last chunk (and the size matches). Replies 213,
     * 424 or 413 go to {@code replies} directly.
     */
    private Optional<Command> chunk(String msgRef, ItemCommand ic, List<Command> replies) {
        if (ic.items().size() != 1 || ic.items().get(0).target() == null) {
            replies.add(status(msgRef, ic, StatusCode.BAD_REQUEST, List.of()));
            return Optional.empty();
        }
        Item item = ic.items().get(0);
        if (incoming == null) {
            Meta meta = ic.meta() == null ? item.meta() : ic.meta().overriddenBy(item.meta());
            if (meta == null || meta.size() == null) {
                // S-PRO §2.2: the first chunk MUST carry the total Size
                replies.add(status(msgRef, ic, StatusCode.INCOMPLETE_COMMAND, List.of()));
                return Optional.empty();
            }
            if (meta.size() > config.maxObjSize()) {
                replies.add(status(msgRef, ic, StatusCode.REQUEST_ENTITY_TOO_LARGE, List.of()));
                return Optional.empty();
            }
            incoming = new LargeObject(item.target().locUri(), ic, meta.size());
        }
        incoming.append(item.data());
        if (incoming.received() > incoming.size) {
            replies.add(status(msgRef, ic, StatusCode.SIZE_MISMATCH, List.of()));
            incoming = null;
            return Optional.empty();
        }
        replies.add(status(msgRef, ic, StatusCode.CHUNKED_ITEM_ACCEPTED, List.of()));
        return Optional.empty();
    }

    private Alert noEndOfData() {
        Item i = new Item(Target.of(incoming.target), null, null, null, false);
        return new Alert("0", false, null, Integer.toString(AlertCode.NO_END_OF_DATA), null, List.of(i));
    }

    /** A large object being received, chunk by chunk. */
    private static final class LargeObject {
        final String target;
        final ItemCommand command;
        final long size;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean opaque;

        LargeObject(String target, ItemCommand command, long size) {
            this.target = target;
            this.command = command;
            this.size = size;
        }

        void append(ItemData d) {
            if (d == null) {
                return;
            }
            if (d instanceof ItemData.Opaque o) {
                opaque = true;
                bytes.writeBytes(o.bytes());
            } else {
                bytes.writeBytes(d.asText().getBytes(StandardCharsets.UTF_8));
            }
        }

        long received() {
            return bytes.size();
        }
    }

    /** Completes the object in progress with its last chunk; null (with a 424 reply) when the size is wrong. */
    private Command completeIfLastChunk(String msgRef, Command c, List<Command> replies) {
        if (incoming == null || !isContinuation(c)) {
            return c;
        }
        ItemCommand ic = (ItemCommand) c;
        Item last = ic.items().get(0);
        incoming.append(last.data());
        LargeObject lo = incoming;
        incoming = null;
        if (lo.received() != lo.size) {
            replies.add(status(msgRef, c, StatusCode.SIZE_MISMATCH, List.of()));
            return null;
        }
        byte[] all = lo.bytes.toByteArray();
        ItemData data = lo.opaque ? ItemData.opaque(all) : ItemData.text(new String(all, StandardCharsets.UTF_8));
        Meta meta = lo.command.meta() == null ? null : lo.command.meta();
        Item whole = new Item(last.target(), last.source(), last.meta(), data, false);
        return c instanceof Add
                ? new Add(c.cmdId(), false, null, meta, List.of(whole))
                : new Replace(c.cmdId(), false, null, meta, List.of(whole));
    }
}
