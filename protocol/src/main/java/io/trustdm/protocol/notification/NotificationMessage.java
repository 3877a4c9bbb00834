package io.trustdm.protocol.notification;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A General Package #0 (OMA-TS-DM_Notification §6.2): a 16-octet digest followed by the trigger — version (10
 * bits), UI mode (2), initiator (1), 27 reserved bits, the 16-bit session id, the length-prefixed ServerID and
 * optional vendor-specific bytes. All multi-bit fields are big-endian.
 *
 * <p>The digest is carried, not checked, here: {@code io.trustdm.security.NotificationDigest} verifies it.
 */
public final class NotificationMessage {
    /** MIME type of a Package #0. */
    public static final String MEDIA_TYPE = "application/vnd.syncml.notification";
    /** WSP well-known content-type code for {@link #MEDIA_TYPE}. */
    public static final int WSP_CONTENT_TYPE = 0x44;
    /** Version 1.1 (value 11), what DM 1.2 servers send. */
    public static final int VERSION_1_1 = 11;

    public static final int VERSION_1_2 = 12;
    /** Digest (16) + fixed header (5) + session id (2) + ServerID length (1). */
    public static final int MIN_LENGTH = 24;

    /** How the Device should involve its user (two bits). */
    public enum UiMode {
        NOT_SPECIFIED,
        BACKGROUND,
        INFORMATIVE,
        USER_INTERACTION
    }

    /** Who caused the session (one bit). */
    public enum Initiator {
        CLIENT,
        SERVER
    }

    private final byte[] digest;
    private final int version;
    private final UiMode uiMode;
    private final Initiator initiator;
    private final int futureUse;
    private final int sessionId;
    private final String serverId;
    private final byte[] vendorSpecific;

    public NotificationMessage(
            byte[] digest,
            int version,
            UiMode uiMode,
            Initiator initiator,
            int futureUse,
            int sessionId,
            String serverId,
            byte[] vendorSpecific) {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != 16) {
            throw new IllegalArgumentException("digest must be 16 octets, not " + digest.length);
        }
        if (version < 0 || version > 0x3FF) {
            throw new IllegalArgumentException("version must fit 10 bits: " + version);
        }
        if (futureUse < 0 || futureUse > 0x7FFFFFF) {
            throw new IllegalArgumentException("future-use must fit 27 bits");
        }
        if (sessionId < 0 || sessionId > 0xFFFF) {
            throw new IllegalArgumentException("session id must fit 16 bits: " + sessionId);
        }
        byte[] sid = Objects.requireNonNull(serverId, "serverId").getBytes(StandardCharsets.UTF_8);
        if (sid.length < 1 || sid.length > 255) {
            throw new IllegalArgumentException("ServerID must be 1 to 255 octets, not " + sid.length);
        }
        this.digest = digest.clone();
        this.version = version;
        this.uiMode = Objects.requireNonNull(uiMode, "uiMode");
        this.initiator = Objects.requireNonNull(initiator, "initiator");
        this.futureUse = futureUse;
        this.sessionId = sessionId;
        this.serverId = serverId;
        this.vendorSpecific = vendorSpecific == null ? new byte[0] : vendorSpecific.clone();
    }

    /** The trigger bytes of a notification yet to be signed: everything after the digest. */
    public static byte[] trigger(
            int version, UiMode uiMode, Initiator initiator, int sessionId, String serverId, byte[] vendor) {
        return new NotificationMessage(new byte[16], version, uiMode, initiator, 0, sessionId, serverId, vendor)
                .trigger();
    }

    /**
     * Parses a Package #0. Every length is checked against the input; the ServerID must be valid UTF-8.
     *
     * @throws NotificationFormatException if the bytes are not a Package #0
     */
    public static NotificationMessage parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < MIN_LENGTH) {
            throw new NotificationFormatException(
                    "Package #0 is " + bytes.length + " octets, shorter than the " + MIN_LENGTH + " minimum",
                    bytes.length);
        }
        byte[] digest = Arrays.copyOfRange(bytes, 0, 16);
        int w = ((bytes[16] & 0xFF) << 8) | (bytes[17] & 0xFF);
        int version = w >>> 6;
        UiMode ui = UiMode.values()[(w >>> 4) & 3];
        Initiator initiator = ((w >>> 3) & 1) == 1 ? Initiator.SERVER : Initiator.CLIENT;
        int future = ((w & 7) << 24) | ((bytes[18] & 0xFF) << 16) | ((bytes[19] & 0xFF) << 8) | (bytes[20] & 0xFF);
        int sessionId = ((bytes[21] & 0xFF) << 8) | (bytes[22] & 0xFF);
        int idLen = bytes[23] & 0xFF;
        if (idLen == 0) {
            throw new NotificationFormatException("ServerID length is 0", 23);
        }
        if (MIN_LENGTH + idLen > bytes.length) {
            throw new NotificationFormatException(
                    "ServerID length " + idLen + " runs past the end of the " + bytes.length + "-octet message", 23);
        }
        String serverId;
        try {
            serverId = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, MIN_LENGTH, idLen))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotificationFormatException("ServerID is not valid UTF-8", MIN_LENGTH);
        }
        byte[] vendor = Arrays.copyOfRange(bytes, MIN_LENGTH + idLen, bytes.length);
        return new NotificationMessage(digest, version, ui, initiator, future, sessionId, serverId, vendor);
    }

    /** Everything after the digest: the bytes the digest's inner hash covers. */
    public byte[] trigger() {
        byte[] sid = serverId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + sid.length + vendorSpecific.length);
        int w = (version << 6) | (uiMode.ordinal() << 4) | (initiator.ordinal() << 3) | (futureUse >>> 24);
        out.write(w >>> 8);
        out.write(w & 0xFF);
        out.write((futureUse >>> 16) & 0xFF);
        out.write((futureUse >>> 8) & 0xFF);
        out.write(futureUse & 0xFF);
        out.write(sessionId >>> 8);
        out.write(sessionId & 0xFF);
        out.write(sid.length);
        out.writeBytes(sid);
        out.writeBytes(vendorSpecific);
        return out.toByteArray();
    }

    /** The whole Package #0: digest then trigger. */
    public byte[] toBytes() {
        byte[] t = trigger();
        byte[] all = new byte[16 + t.length];
        System.arraycopy(digest, 0, all, 0, 16);
        System.arraycopy(t, 0, all, 16, t.length);
        return all;
    }

    /** A copy with another digest, e.g. once the server has signed the trigger. */
    public NotificationMessage withDigest(byte[] newDigest) {
        return new NotificationMessage(
                newDigest, version, uiMode, initiator, futureUse, sessionId, serverId, vendorSpecific);
    }

    /**
     * The SessionID the Device must put in its Package 1: upper-case hex without leading zeros (0x00AB → "AB").
     */
    public String sessionIdHex() {
        return Integer.toHexString(sessionId).toUpperCase(Locale.ROOT);
    }

    public byte[] digest() {
        return digest.clone();
    }

    public int version() {
        return version;
    }

    public UiMode uiMode() {
        return uiMode;
    }

    public Initiator initiator() {
        return initiator;
    }

    public int futureUse() {
        return futureUse;
    }

    public int sessionId() {
        return sessionId;
    }

    public String serverId() {
        return serverId;
    }

    public byte[] vendorSpecific() {
        return vendorSpecific.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n
                && Arrays.equals(digest, n.digest)
                && version == n.version
                && uiMode == n.uiMode
                && initiator == n.initiator
                && futureUse == n.futureUse
                && sessionId == n.sessionId
                && serverId.equals(n.serverId)
                && Arrays.equals(vendorSpecific, n.vendorSpecific);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(digest), version, uiMode, initiator, sessionId, serverId);
    }

    @Override
    public String toString() {
        return "NotificationMessage[version=" + version + ", uiMode=" + uiMode + ", initiator=" + initiator
                + ", sessionId=" + sessionIdHex() + ", serverId=" + serverId + ", digest="
                + HexFormat.of().formatHex(digest) + ", vendor=" + vendorSpecific.length + " octets]";
    }
}
