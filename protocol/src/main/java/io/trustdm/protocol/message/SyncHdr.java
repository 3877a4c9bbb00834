package io.trustdm.protocol.message;

import java.util.Objects;

/**
 * The message header. It identifies the session and the message, names the sender and recipient, and carries the
 * sender's credentials and its message size limits.
 *
 * @param verDtd    {@code 1.2} for DM 1.2 and 1.3
 * @param verProto  {@code DM/1.2} or {@code DM/1.3}
 * @param sessionId same in every message of a Management Session; upper-case hex when the session answers a
 *                  notification
 * @param msgId     numbers each sender's messages within the session
 * @param respUri   where the peer must send its next message, or {@code null}
 * @param noResp    present only for completeness: DM does not use NoResp
 * @param cred      the sender's credentials, or {@code null}
 * @param meta      MaxMsgSize / MaxObjSize, or {@code null}
 */
public record SyncHdr(
        String verDtd,
        String verProto,
        String sessionId,
        String msgId,
        Target target,
        Source source,
        String respUri,
        boolean noResp,
        Cred cred,
        Meta meta) {

    public static final String VER_DTD_1_2 = "1.2";
    public static final String VER_PROTO_DM_1_2 = "DM/1.2";
    public static final String VER_PROTO_DM_1_3 = "DM/1.3";

    public SyncHdr {
        Objects.requireNonNull(verDtd, "verDtd");
        Objects.requireNonNull(verProto, "verProto");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .verDtd(verDtd)
                .verProto(verProto)
                .sessionId(sessionId)
                .msgId(msgId)
                .target(target)
                .source(source)
                .respUri(respUri)
                .noResp(noResp)
                .cred(cred)
                .meta(meta);
    }

    /** Builds a header; VerDTD and VerProto default to DM 1.2. */
    public static final class Builder {
        private String verDtd = VER_DTD_1_2;
        private String verProto = VER_PROTO_DM_1_2;
        private String sessionId;
        private String msgId;
        private Target target;
        private Source source;
        private String respUri;
        private boolean noResp;
        private Cred cred;
        private Meta meta;

        public Builder verDtd(String v) {
            this.verDtd = v;
            return this;
        }

        public Builder verProto(String v) {
            this.verProto = v;
            return this;
        }

        public Builder sessionId(String v) {
            this.sessionId = v;
            return this;
        }

        public Builder msgId(String v) {
            this.msgId = v;
            return this;
        }

        public Builder target(Target v) {
            this.target = v;
            return this;
        }

        public Builder source(Source v) {
            this.source = v;
            return this;
        }

        public Builder respUri(String v) {
            this.respUri = v;
            return this;
        }

        public Builder noResp(boolean v) {
            this.noResp = v;
            return this;
        }

        public Builder cred(Cred v) {
            this.cred = v;
            return this;
        }

        public Builder meta(Meta v) {
            this.meta = v;
            return this;
        }

        public SyncHdr build() {
            return new SyncHdr(verDtd, verProto, sessionId, msgId, target, source, respUri, noResp, cred, meta);
        }
    }
}
