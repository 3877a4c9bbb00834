package io.trustdm.client.session;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import java.util.Objects;

/**
 * The fixed facts of one Management Session from the Device's side.
 *
 * @param deviceId    the Device identity, {@code ./DevInfo/DevId} (e.g. {@code IMEI:...}); SyncHdr Source
 * @param serverUri   the DM Server address (SyncHdr Target; RespURI replaces it for later messages)
 * @param serverId    the ServerID whose ACL rights the server's commands use
 * @param userName    LocName for the header Source (the client's AAuthName), or {@code null}
 * @param encoding    XML or WBXML
 * @param maxMsgSize  largest message the Device accepts (advertised in SyncHdr Meta)
 * @param maxObjSize  largest object the Device accepts (advertised in SyncHdr Meta)
 */
public record SessionConfig(
        String deviceId,
        String serverUri,
        String serverId,
        String userName,
        Encoding encoding,
        long maxMsgSize,
        long maxObjSize) {
    public SessionConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(encoding, "encoding");
        if (maxMsgSize < 1024) {
            throw new IllegalArgumentException("maxMsgSize below 1024 bytes cannot carry a DM message");
        }
    }
}
