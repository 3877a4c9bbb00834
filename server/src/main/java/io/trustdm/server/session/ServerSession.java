package io.trustdm.server.session;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.CmdIds;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
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
import io.trustdm.server.http.DmHttpRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Management Session from the server's side. Not thread-safe; the engine serialises the messages of a session.
 *
 * <p>Rules implemented (OMA-TS-DM_Protocol §2): the first Status answers the Device's SyncHdr; every Alert and the
 * DevInfo Replace get a Status; commands are only delivered to an authenticated Device and only once the Device's
 * package is complete (no pipelining, §2.6); a Device message without Final is answered with Alert 1222 and no new
 * commands; every server message carries Final; a server message with nothing but Status ends the session; a job's
 * commands are delivered in packages that fit the Device's MaxMsgSize, and their Status/Results are correlated by
 * MsgRef and CmdRef, never by position.
 */
public final class ServerSession {
    private static final int HEADROOM = 512;
    static final long DEFAULT_MAX_MSG_SIZE = 64 * 1024;
    static final long DEFAULT_MAX_OBJ_SIZE = 1024 * 1024;

    private final String deviceId;
    private final String sessionId;
    private final String serverUri;
    private final Encoding encoding;
    private final ServerAuthenticator auth;
    private final DeviceDirectory directory;
    private final JobQueue jobs;
    private final SyncMlCodec codec;
    private final String key;

    private int nextMsgId = 1;
    private long maxMsgSize = DEFAULT_MAX_MSG_SIZE;
    private long maxObjSize = DEFAULT_MAX_OBJ_SIZE;
    private IncomingResult incoming;
    private long deviceMaxMsgSize = 16 * 1024;
    private boolean authenticated;
    private boolean finished;
    private SessionOutcome outcome;
    private Instant lastActivity = Instant.now();
    private String respUri;

    private ClaimedJob job;
    private int nextOp;
    private int deliveryAttempts;
    private static final int MAX_DELIVERY_ATTEMPTS = 3;
    private final Map<String, Integer> sent = new HashMap<>();
    private final Map<Integer, OperationResult> results = new LinkedHashMap<>();

    ServerSession(
            String deviceId,
            String sessionId,
            String serverUri,
            Encoding encoding,
            ServerAuthenticator auth,
            DeviceDirectory directory,
            JobQueue jobs,
            SyncMlCodec codec) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.serverUri = serverUri;
        this.encoding = encoding;
        this.auth = auth;
        this.directory = directory;
        this.jobs = jobs;
        this.codec = codec;
        this.key = deviceId + "/" + sessionId;
    }

    /** The reply to one Device message; {@code last} when the session ended with it. */
    public record Reply(SyncMl message, byte[] body, String hmacHeader, boolean last) {}

    void respUri(String uri) {
        this.respUri = uri;
    }

    void messageLimits(long maxMsgSize, long maxObjSize) {
        this.maxMsgSize = maxMsgSize;
        this.maxObjSize = maxObjSize;
    }

    public String key() {
        return key;
    }

    /** Whether the Device's last message authenticated (a session still being challenged has not). */
    boolean isAuthenticated() {
        return authenticated;
    }

    public boolean isFinished() {
        return finished;
    }

    public SessionOutcome outcome() {
        return outcome;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    Reply onDeviceMessage(SyncMl msg, DmHttpRequest request) {
        lastActivity = Instant.now();
        SyncHdr h = msg.header();
        if (h.meta() != null && h.meta().maxMsgSize() != null) {
            deviceMaxMsgSize = Math.max(1024, h.meta().maxMsgSize());
        }
        ServerAuthenticator.Verdict v = auth.verifyDevice(h, request);
        authenticated = v.authenticated();
        if (!authenticated && !v.terminate() && v.status() == StatusCode.UNAUTHORIZED) {
            // Credentials were presented and rejected, and the session stays open for another try. Count it now: a
            // Device that gives up here never lets the session end as AUTHENTICATION_FAILED (only a 5-minute idle
            // expiry would end it), and without this every abandoned session would be a free round of guesses.
            directory.credentialsRejected(deviceId);
        }
        String msgRef = h.msgId();
        List<Command> out = new ArrayList<>();
        out.add(new Status(
                "0",
                msgRef,
                "0",
                "SyncHdr",
                List.of(h.target().locUri()),
                List.of(h.source().locUri()),
                null,
                v.challenge(),
                Integer.toString(v.status()),
                List.of()));

        if (v.terminate()) {
            for (Command c : msg.body().commands()) {
                if (!(c instanceof Status) && !(c instanceof Results)) {
                    out.add(status(msgRef, c, v.status()));
                }
            }
            return end(out, SessionOutcome.AUTHENTICATION_FAILED);
        }

        boolean abort = false;
        boolean serverRejected = false;
        Map<String, String> devInfo = new LinkedHashMap<>();
        for (Command c : msg.body().commands()) {
            if (c instanceof Status s) {
                if ("0".equals(s.cmdRef())) {
                    auth.onDeviceStatus(s.code(), s.chal());
                    serverRejected =
                            s.code() == StatusCode.UNAUTHORIZED || s.code() == StatusCode.AUTHENTICATION_REQUIRED;
                } else if (serverRejected) {
                    // the Device did not execute our commands: their statuses say so, nothing to store
                    continue;
                } else {
                    correlate(s.msgRef(), s.cmdRef(), s.code(), List.of());
                }
                continue;
            }
            if (c instanceof Results r) {
                results(msgRef, r, out);
                continue;
            }
            if (incoming != null && !(c instanceof Alert)) {
                // S-PRO §2.2: a new command before the last chunk: the object is incomplete, nothing is kept
                out.add(noEndOfData());
                incoming = null;
            }
            if (!authenticated) {
                out.add(status(msgRef, c, v.status()));
                continue;
            }
            if (c instanceof Alert a) {
                int code = a.code();
                if (code == AlertCode.SESSION_ABORT) {
                    abort = true;
                    out.add(status(msgRef, c, StatusCode.OK));
                } else if (code == AlertCode.CLIENT_INITIATED_MGMT
                        || code == AlertCode.SERVER_INITIATED_MGMT
                        || code == AlertCode.NEXT_MESSAGE) {
                    out.add(status(msgRef, c, StatusCode.OK));
                } else if (code == AlertCode.GENERIC_ALERT || code == AlertCode.CLIENT_EVENT) {
                    jobs.alertReceived(deviceId, a);
                    out.add(status(msgRef, c, StatusCode.OK));
                } else {
                    out.add(status(msgRef, c, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED));
                }
            } else if (c instanceof Replace r && isDevInfo(r)) {
                for (Item i : r.items()) {
                    String uri = i.source().locUri();
                    devInfo.put(
                            uri.substring(uri.lastIndexOf('/') + 1),
                            i.data() == null ? "" : i.data().asText());
                }
                out.add(status(msgRef, c, StatusCode.OK));
            } else {
                // S-PRO §2.3: a client sends only Alert, Replace (DevInfo), Status and Results
                out.add(status(msgRef, c, StatusCode.COMMAND_NOT_ALLOWED));
            }
        }
        if (!devInfo.isEmpty()) {
            directory.recordDevInfo(deviceId, devInfo);
        }
        if (abort) {
            releaseJob();
            return end(out, SessionOutcome.ABORTED_BY_DEVICE);
        }
        if (!authenticated) {
            // the Device re-sends Package 1 with credentials; the session stays open
            return reply(out, true, false);
        }
        if (!msg.body().isFinal()) {
            // The Device's package continues: pull its next message, send nothing new (§2.6).
            out.add(new Alert("0", false, null, Integer.toString(AlertCode.NEXT_MESSAGE), null, List.of()));
            return reply(out, false, false);
        }
        if (serverRejected && job != null) {
            // The Device refused our credentials, so it executed nothing: deliver the same commands again with the
            // credentials its challenge asked for (S-PRO §2.4), a bounded number of times.
            if (++deliveryAttempts >= MAX_DELIVERY_ATTEMPTS) {
                releaseJob();
                return end(out, SessionOutcome.AUTHENTICATION_FAILED);
            }
            nextOp = 0;
            sent.clear();
            results.clear();
            return deliver(out);
        }
        if (job != null && nextOp >= job.commands().size()) {
            completeJob();
        }
        if (job == null) {
            deliveryAttempts = 0;
            job = jobs.claim(deviceId, key).orElse(null);
            nextOp = 0;
            sent.clear();
            results.clear();
        }
        if (job == null) {
            return end(out, SessionOutcome.COMPLETED);
        }
        return deliver(out);
    }

    private static boolean isDevInfo(Replace r) {
        for (Item i : r.items()) {
            if (i.source() == null || !i.source().locUri().startsWith("./DevInfo/")) {
                return false;
            }
        }
        return !r.items().isEmpty();
    }

    /** Adds as many of the job's remaining commands as fit the Device's MaxMsgSize (at least one). */
    private Reply deliver(List<Command> out) {
        String msgId = Integer.toString(nextMsgId);
        int base = out.size();
        List<Command> cmds = new ArrayList<>(out);
        int first = nextOp;
        while (nextOp < job.commands().size()) {
            cmds.add(job.commands().get(nextOp));
            List<Command> numbered = CmdIds.renumber(cmds);
            int size = codec.encode(draft(numbered, true), encoding).length;
            if (size + HEADROOM > deviceMaxMsgSize && nextOp > first) {
                cmds.remove(cmds.size() - 1);
                break;
            }
            nextOp++;
        }
        jobs.delivering(job, job.commands().subList(first, nextOp));
        List<Command> numbered = CmdIds.renumber(cmds);
        for (int i = base; i < numbered.size(); i++) {
            sent.put(msgId + ":" + numbered.get(i).cmdId(), first + (i - base));
        }
        return reply(cmds, true, false);
    }

    /**
     * Results from the Device, whole or as a large object in MoreData chunks (S-PRO §2.2): each non-final chunk is
     * answered 213; the object is stored only when complete and of the announced Size (else 424); a first chunk
     * announcing more than our MaxObjSize is refused with 413; one without a Size with 412.
     */
    private void results(String msgRef, Results r, List<Command> out) {
        Item item = r.items().size() == 1 ? r.items().get(0) : null;
        boolean chunk = item != null && item.moreData();
        if (incoming != null && !incoming.continuedBy(r, item)) {
            out.add(noEndOfData());
            incoming = null;
        }
        if (!chunk && incoming == null) {
            correlate(r.msgRef(), r.cmdRef(), -2, r.items());
            return;
        }
        if (incoming == null) {
            Meta meta = r.meta() == null ? item.meta() : r.meta().overriddenBy(item.meta());
            if (meta == null || meta.size() == null) {
                out.add(status(msgRef, r, StatusCode.INCOMPLETE_COMMAND));
                return;
            }
            if (meta.size() > maxObjSize) {
                out.add(status(msgRef, r, StatusCode.REQUEST_ENTITY_TOO_LARGE));
                return;
            }
            incoming = new IncomingResult(r, item, meta.size());
        }
        incoming.append(item.data());
        if (incoming.received() > incoming.size) {
            out.add(status(msgRef, r, StatusCode.SIZE_MISMATCH));
            incoming = null;
            return;
        }
        if (chunk) {
            out.add(status(msgRef, r, StatusCode.CHUNKED_ITEM_ACCEPTED));
            return;
        }
        IncomingResult done = incoming;
        incoming = null;
        if (done.received() != done.size) {
            out.add(status(msgRef, r, StatusCode.SIZE_MISMATCH));
            return;
        }
        Item whole = new Item(item.target(), done.first.source(), done.first.meta(), done.data(), false);
        correlate(done.results.msgRef(), done.results.cmdRef(), -2, List.of(whole));
    }

    private Alert noEndOfData() {
        Item i = new Item(null, incoming.first.source(), null, null, false);
        return new Alert("0", false, null, Integer.toString(AlertCode.NO_END_OF_DATA), null, List.of(i));
    }

    /** A large object the Device is sending as Results chunks. */
    private static final class IncomingResult {
        final Results results;
        final Item first;
        final long size;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean opaque;

        IncomingResult(Results results, Item first, long size) {
            this.results = results;
            this.first = first;
            this.size = size;
        }

        /** The next chunk answers the same Get and names the same source node. */
        boolean continuedBy(Results r, Item item) {
            return item != null
                    && java.util.Objects.equals(r.cmdRef(), results.cmdRef())
                    && java.util.Objects.equals(r.msgRef(), results.msgRef())
                    && item.source() != null
                    && first.source() != null
                    && item.source().locUri().equals(first.source().locUri());
        }

        void append(ItemData d) {
            if (d instanceof ItemData.Opaque o) {
                opaque = true;
                bytes.writeBytes(o.bytes());
            } else if (d != null) {
                bytes.writeBytes(d.asText().getBytes(StandardCharsets.UTF_8));
            }
        }

        long received() {
            return bytes.size();
        }

        ItemData data() {
            byte[] all = bytes.toByteArray();
            return opaque ? ItemData.opaque(all) : ItemData.text(new String(all, StandardCharsets.UTF_8));
        }
    }

    private void correlate(String msgRef, String cmdRef, int code, List<Item> items) {
        Integer op = sent.get((msgRef == null ? "" : msgRef) + ":" + cmdRef);
        if (op == null) {
            return; // status for one of our Alerts, or a child of a container: nothing to store
        }
        OperationResult prev = results.get(op);
        String name = job.commands().get(op).name();
        if (code == -2) {
            List<Item> all = new ArrayList<>(prev == null ? List.of() : prev.results());
            all.addAll(items);
            results.put(op, new OperationResult(op, name, prev == null ? -1 : prev.status(), all));
        } else {
            results.put(op, new OperationResult(op, name, code, prev == null ? List.of() : prev.results()));
        }
    }

    private void completeJob() {
        List<OperationResult> all = new ArrayList<>();
        for (int i = 0; i < job.commands().size(); i++) {
            OperationResult r = results.get(i);
            all.add(r != null ? r : new OperationResult(i, job.commands().get(i).name(), -1, List.of()));
        }
        jobs.complete(job, all);
        job = null;
    }

    private void releaseJob() {
        if (job != null) {
            if (results.isEmpty()) {
                jobs.release(job);
            } else {
                completeJob();
            }
            job = null;
        }
    }

    /** Called by the engine when the session is dropped without a proper end. */
    void expire() {
        if (!finished) {
            releaseJob();
            finished = true;
            outcome = SessionOutcome.TIMED_OUT;
            directory.recordSession(deviceId, sessionId, Instant.now(), outcome);
        }
    }

    private Reply end(List<Command> out, SessionOutcome how) {
        if (job != null && nextOp >= job.commands().size()) {
            completeJob();
        }
        releaseJob();
        finished = true;
        outcome = how;
        directory.recordSession(deviceId, sessionId, Instant.now(), how);
        return reply(out, true, true);
    }

    private Reply reply(List<Command> cmds, boolean fin, boolean last) {
        SyncMl m = draft(CmdIds.renumber(cmds), fin);
        nextMsgId++;
        byte[] body = codec.encode(m, encoding);
        return new Reply(m, body, auth.sign(body), last);
    }

    private SyncMl draft(List<Command> cmds, boolean fin) {
        SyncHdr hdr = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId(Integer.toString(nextMsgId))
                .target(Target.of(deviceId))
                .source(Source.of(serverUri))
                .respUri(respUri)
                .cred(auth.credentials())
                .meta(Meta.builder()
                        .maxMsgSize(maxMsgSize)
                        .maxObjSize(maxObjSize)
                        .build())
                .build();
        return new SyncMl(hdr, new SyncBody(cmds, fin));
    }

    private static Status status(String msgRef, Command c, int code) {
        return Status.of("0", msgRef, c.cmdId(), c.name(), code);
    }
}
