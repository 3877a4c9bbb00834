package io.trustdm.client.notification;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.wap.SmsReassembler;
import io.trustdm.protocol.wap.SmsUserDataHeader;
import io.trustdm.protocol.wap.WspPushPdu;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies triggers and starts server-initiated sessions (OMA-TS-DM_Notification §6.2, security.md §4.3–4.4).
 * Thread-safe.
 */
public final class NotificationReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationReceiver.class);

    /** What the Device knows about one DM Server for checking its triggers. */
    public record ServerKey(DigestKey srvcred, Nonce serverNonce) {}

    /** A verified trigger: start a session with Alert 1200 and {@code sessionIdHex}. */
    public record Trigger(String serverId, String sessionIdHex, NotificationMessage.UiMode uiMode, boolean resync) {}

    private final Function<String, Optional<ServerKey>> keys;
    private final Consumer<Trigger> onTrigger;
    private final Clock clock;
    private final Duration minInterval;
    private final SmsReassembler sms = SmsReassembler.withDefaults();
    private final Map<String, Deque<Integer>> recentSessionIds = new HashMap<>();
    private final Map<String, Instant> lastAccepted = new HashMap<>();

    public NotificationReceiver(
            Function<String, Optional<ServerKey>> keys,
            Consumer<Trigger> onTrigger,
            Clock clock,
            Duration minInterval) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.onTrigger = Objects.requireNonNull(onTrigger, "onTrigger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    }

    /** A WDP datagram (a WSP Push PDU) from UDP. Returns the accepted trigger, or empty when it was dropped. */
    public Optional<Trigger> onWdpDatagram(byte[] pdu) {
        try {
            WspPushPdu p = WspPushPdu.decode(pdu);
            if (!NotificationMessage.MEDIA_TYPE.equals(p.contentType())
                    || (p.applicationId() != WspPushPdu.APP_ID_SYNCML_DM
                            && !"x-wap-application:syncml.dm".equals(p.applicationIdText()))) {
                return drop("push is not a DM notification (" + p.contentType() + ")");
            }
            return onPackage0(p.body());
        } catch (SyncMlFormatException e) {
            return drop("malformed push: " + e.getMessage());
        }
    }

    /** The user data of one SMS (UDH included); concatenated SMS are reassembled within limits. */
    public Optional<Trigger> onSms(String sender, byte[] userData) {
        try {
            Optional<SmsReassembler.Datagram> d = sms.accept(sender, userData);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            if (d.get().destinationPort() != SmsUserDataHeader.PORT_WAP_PUSH) {
                return drop("SMS for port " + d.get().destinationPort() + ", not WAP Push");
            }
            return onWdpDatagram(d.get().payload());
        } catch (SyncMlFormatException e) {
            return drop("malformed SMS: " + e.getMessage());
        }
    }

    /** A Package #0 (e.g. from OBEX or tests). */
    public synchronized Optional<Trigger> onPackage0(byte[] pkg0) {
        NotificationMessage n;
        try {
            n = NotificationMessage.parse(pkg0);
        } catch (SyncMlFormatException e) {
            return drop("malformed Package #0: " + e.getMessage());
        }
        if (n.version() < 11 || n.version() > 12) {
            return drop("notification version " + n.version() + " not accepted");
        }
        if (n.sessionId() == 0) {
            return drop("session id 0 is outside 1..FFFF");
        }
        Optional<ServerKey> key = keys.apply(n.serverId());
        if (key.isEmpty()) {
            return drop("no account for ServerID " + n.serverId());
        }
        NotificationDigest.Outcome o = NotificationDigest.verifyPackage(
                key.get().srvcred(), key.get().serverNonce(), pkg0, NotificationDigest.ResyncMode.ZERO_OCTETS);
        if (o == NotificationDigest.Outcome.REJECTED) {
            return drop("digest does not verify for ServerID " + n.serverId());
        }
        Deque<Integer> recent = recentSessionIds.computeIfAbsent(n.serverId(), s -> new ArrayDeque<>());
        if (recent.contains(n.sessionId())) {
            // the same trigger re-sent needs only one session; and a resync-nonce trigger must not be replayable
            return drop("duplicate session id " + n.sessionIdHex() + " from " + n.serverId());
        }
        Instant now = clock.instant();
        Instant prev = lastAccepted.get(n.serverId());
        if (prev != null && prev.plus(minInterval).isAfter(now)) {
            return drop("rate limit: " + n.serverId() + " triggered less than " + minInterval + " ago");
        }
        recent.addFirst(n.sessionId());
        while (recent.size() > 32) {
            recent.removeLast();
        }
        lastAccepted.put(n.serverId(), now);
        Trigger t =
                new Trigger(n.serverId(), n.sessionIdHex(), n.uiMode(), o == NotificationDigest.Outcome.RESYNC_NONCE);
        onTrigger.accept(t);
        return Optional.of(t);
    }

    private static Optional<Trigger> drop(String why) {
        LOG.info("notification dropped: {}", why);
        return Optional.empty();
    }
}
