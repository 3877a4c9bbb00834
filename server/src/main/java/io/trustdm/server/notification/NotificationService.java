package io.trustdm.server.notification;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.protocol.wap.WspPushPdu;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.DeviceAccounts;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends signed Package #0 triggers and tracks whether each Device answered (OMA-TS-DM_Notification §6). The digest
 * is made with the server's credentials toward that Device (its SRVCRED, per Device) and the ServerNonce the Device
 * issued; a Device that cannot verify it ignores the trigger silently. Different sessions always get different
 * SessionIDs; a Device is not woken more often than {@code minInterval}.
 */
public final class NotificationService {

    /** A trigger that was sent, and whether the Device came back with Alert 1200 and its SessionID. */
    public record Wake(String deviceId, int sessionId, Instant sent, Instant answered) {
        public String sessionIdHex() {
            return Integer.toHexString(sessionId).toUpperCase(Locale.ROOT);
        }

        public boolean isAnswered() {
            return answered != null;
        }
    }

    private final DeviceAccounts accounts;
    private final NotificationSender sender;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration minInterval;
    private final int version;
    private final Map<String, Wake> last = new ConcurrentHashMap<>();
    private int tid;

    public NotificationService(
            DeviceAccounts accounts,
            NotificationSender sender,
            SecureRandom random,
            Clock clock,
            Duration minInterval) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
        this.version = NotificationMessage.VERSION_1_1;
    }

    /**
     * Sends a trigger to the Device.
     *
     * @throws IllegalStateException when the Device cannot be woken (no server credentials or nonce, too soon)
     */
    public synchronized Wake wake(String deviceId, UiMode uiMode) throws IOException {
        DeviceAccount a =
                accounts.account(deviceId).orElseThrow(() -> new IllegalStateException("unknown device " + deviceId));
        Nonce serverNonce = accounts.serverNonce(deviceId);
        if (a.serverKey() == null || a.serverName() == null || serverNonce == null) {
            throw new IllegalStateException(
                    "device " + deviceId + " has no server credentials or ServerNonce: it could not verify a trigger");
        }
        Wake prev = last.get(deviceId);
        Instant now = clock.instant();
        if (prev != null && !prev.isAnswered() && prev.sent().plus(minInterval).isAfter(now)) {
            throw new IllegalStateException("device " + deviceId + " was woken less than " + minInterval + " ago");
        }
        int sessionId;
        do {
            sessionId = 1 + random.nextInt(0xFFFF);
        } while (prev != null && prev.sessionId() == sessionId);
        byte[] trigger =
                NotificationMessage.trigger(version, uiMode, Initiator.SERVER, sessionId, a.serverName(), null);
        byte[] pkg0 = NotificationDigest.seal(a.serverKey(), serverNonce, trigger);
        byte[] pdu = WspPushPdu.notification(tid++ & 0xFF, pkg0).encode();
        sender.send(deviceId, pdu);
        Wake w = new Wake(deviceId, sessionId, now, null);
        last.put(deviceId, w);
        return w;
    }

    /** The session engine saw Alert 1200 with this SessionID from this Device. */
    public void answered(String deviceId, String sessionIdHex) {
        last.computeIfPresent(
                deviceId,
                (d, w) -> w.sessionIdHex().equalsIgnoreCase(sessionIdHex) && !w.isAnswered()
                        ? new Wake(d, w.sessionId(), w.sent(), clock.instant())
                        : w);
    }

    /** The last trigger sent to a Device, or {@code null}. */
    public Wake lastWake(String deviceId) {
        return last.get(deviceId);
    }
}
