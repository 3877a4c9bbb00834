package io.trustdm.protocol.wap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reassembles concatenated SMS into WDP datagrams, with limits so that a flood of partial messages cannot exhaust
 * memory: at most {@code maxSegments} per message, {@code maxPending} messages in progress (the oldest is dropped),
 * and partial messages older than {@code timeout} are discarded. Duplicate segments are ignored. Thread-safe.
 */
public final class SmsReassembler {

    /** A complete datagram with the ports it was addressed with. */
    public record Datagram(String sender, int destinationPort, int sourcePort, byte[] payload) {}

    private record Key(String sender, int reference, int total, int destinationPort) {}

    private static final class Partial {
        final byte[][] parts;
        final Instant started;
        int received;
        int bytes;

        Partial(int total, Instant started) {
            this.parts = new byte[total][];
            this.started = started;
        }
    }

    private final int maxSegments;
    private final int maxPending;
    private final Duration timeout;
    private final Clock clock;
    private final Map<Key, Partial> pending = new LinkedHashMap<>();

    public SmsReassembler(int maxSegments, int maxPending, Duration timeout, Clock clock) {
        if (maxSegments < 1 || maxSegments > 255 || maxPending < 1) {
            throw new IllegalArgumentException("maxSegments must be 1..255 and maxPending positive");
        }
        this.maxSegments = maxSegments;
        this.maxPending = maxPending;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** 16 segments, 64 messages in progress, 5 minutes. */
    public static SmsReassembler withDefaults() {
        return new SmsReassembler(16, 64, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /**
     * Accepts the user data of one SMS (UDH included). Returns the datagram when it is complete.
     *
     * @throws WapFormatException when the UDH is malformed or the message has more segments than allowed
     */
    public synchronized Optional<Datagram> accept(String sender, byte[] userData) {
        SmsUserDataHeader udh = SmsUserDataHeader.parse(userData);
        byte[] payload = Arrays.copyOfRange(userData, SmsUserDataHeader.length(userData), userData.length);
        if (!udh.isConcatenated()) {
            return Optional.of(new Datagram(sender, udh.destinationPort(), udh.sourcePort(), payload));
        }
        if (udh.total() > maxSegments) {
            throw new WapFormatException(
                    "concatenated SMS of " + udh.total() + " segments exceeds the limit of " + maxSegments, 1);
        }
        expire();
        Key key = new Key(sender, udh.reference(), udh.total(), udh.destinationPort());
        Partial p = pending.get(key);
        if (p == null) {
            if (pending.size() >= maxPending) {
                Iterator<Key> oldest = pending.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            p = new Partial(udh.total(), clock.instant());
            pending.put(key, p);
        }
        int i = udh.sequence() - 1;
        if (p.parts[i] == null) {
            p.parts[i] = payload;
            p.received++;
            p.bytes += payload.length;
        }
        if (p.received < p.parts.length) {
            return Optional.empty();
        }
        pending.remove(key);
        byte[] all = new byte[p.bytes];
        int off = 0;
        for (byte[] part : p.parts) {
            System.arraycopy(part, 0, all, off, part.length);
            off += part.length;
        }
        return Optional.of(new Datagram(sender, udh.destinationPort(), udh.sourcePort(), all));
    }

    /** Messages currently waiting for segments. */
    public synchronized int pendingCount() {
        expire();
        return pending.size();
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(timeout);
        pending.values().removeIf(p -> p.started.isBefore(cutoff));
    }
}
