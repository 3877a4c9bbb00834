package io.trustdm.protocol.message;

import java.util.List;

/**
 * Meta-information (namespace {@code syncml:metinf}) as DM uses it. Every field is optional ({@code null}); EMI may
 * repeat. Item-level Meta overrides command-level Meta field by field: see {@link #overriddenBy(Meta)}.
 *
 * @param format     encoding of Data: b64, bin, bool, chr, int, node, null, xml, date, time, float
 * @param type       MIME type of a leaf value, MO identifier of an interior node, or an authentication scheme
 * @param mark       importance of a Generic Alert
 * @param size       size of the data item (the whole object on the first chunk of a large object)
 * @param nextNonce  base64 nonce inside a Chal
 * @param version    version of the data, rarely used in DM
 * @param maxMsgSize largest message the sender accepts (SyncHdr only)
 * @param maxObjSize largest object the sender accepts (SyncHdr only)
 * @param emi        implementation-specific extensions
 */
public record Meta(
        String format,
        String type,
        String mark,
        Long size,
        String nextNonce,
        String version,
        Long maxMsgSize,
        Long maxObjSize,
        List<String> emi) {

    public static final Meta EMPTY = new Meta(null, null, null, null, null, null, null, null, List.of());

    public Meta {
        emi = emi == null ? List.of() : List.copyOf(emi);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.type = type;
        b.mark = mark;
        b.size = size;
        b.nextNonce = nextNonce;
        b.version = version;
        b.maxMsgSize = maxMsgSize;
        b.maxObjSize = maxObjSize;
        b.emi = emi;
        return b;
    }

    public static Meta ofFormatAndType(String format, String type) {
        return builder().format(format).type(type).build();
    }

    /** True when no field is set; such a Meta is not written. */
    public boolean isEmpty() {
        return format == null
                && type == null
                && mark == null
                && size == null
                && nextNonce == null
                && version == null
                && maxMsgSize == null
                && maxObjSize == null
                && emi.isEmpty();
    }

    /** This (command-level) Meta with every field that {@code inner} (item-level) sets taking precedence. */
    public Meta overriddenBy(Meta inner) {
        if (inner == null) {
            return this;
        }
        return new Meta(
                inner.format != null ? inner.format : format,
                inner.type != null ? inner.type : type,
                inner.mark != null ? inner.mark : mark,
                inner.size != null ? inner.size : size,
                inner.nextNonce != null ? inner.nextNonce : nextNonce,
                inner.version != null ? inner.version : version,
                inner.maxMsgSize != null ? inner.maxMsgSize : maxMsgSize,
                inner.maxObjSize != null ? inner.maxObjSize : maxObjSize,
                inner.emi.isEmpty() ? emi : inner.emi);
    }

    /** Builds a Meta; unset fields stay {@code null}. */
    public static final class Builder {
        private String format;
        private String type;
        private String mark;
        private Long size;
        private String nextNonce;
        private String version;
        private Long maxMsgSize;
        private Long maxObjSize;
        private List<String> emi = List.of();

        public Builder format(String v) {
            this.format = v;
            return this;
        }

        public Builder type(String v) {
            this.type = v;
            return this;
        }

        public Builder mark(String v) {
            this.mark = v;
            return this;
        }

        public Builder size(Long v) {
            this.size = v;
            return this;
        }

        public Builder nextNonce(String v) {
            this.nextNonce = v;
            return this;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        public Builder maxMsgSize(Long v) {
            this.maxMsgSize = v;
            return this;
        }

        public Builder maxObjSize(Long v) {
            this.maxObjSize = v;
            return this;
        }

        public Builder emi(List<String> v) {
            this.emi = v;
            return this;
        }

        public Meta build() {
            return new Meta(format, type, mark, size, nextNonce, version, maxMsgSize, maxObjSize, emi);
        }
    }
}
