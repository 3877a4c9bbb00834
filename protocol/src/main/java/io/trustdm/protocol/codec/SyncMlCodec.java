package io.trustdm.protocol.codec;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * Entry point for applications: decodes and encodes DM messages in the encoding named by a MIME content type.
 * Immutable and thread-safe.
 */
public final class SyncMlCodec {

    /** The two representations of a DM message and their MIME types (OMA-TS-DM_RepPro §6). */
    public enum Encoding {
        XML("application/vnd.syncml.dm+xml"),
        WBXML("application/vnd.syncml.dm+wbxml");

        private final String mediaType;

        Encoding(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        /**
         * The encoding for a Content-Type header value. Accepts the DM types and the older
         * {@code application/vnd.syncml+xml} / {@code +wbxml}; parameters such as {@code charset} are ignored.
         *
         * @throws SyncMlFormatException with status 415 for anything else
         */
        public static Encoding fromContentType(String contentType) {
            if (contentType != null) {
                String ct = contentType.toLowerCase(Locale.ROOT);
                int semi = ct.indexOf(';');
                if (semi >= 0) {
                    ct = ct.substring(0, semi);
                }
                switch (ct.strip()) {
                    case "application/vnd.syncml.dm+xml", "application/vnd.syncml+xml":
                        return XML;
                    case "application/vnd.syncml.dm+wbxml", "application/vnd.syncml+wbxml":
                        return WBXML;
                    default:
                        break;
                }
            }
            throw new SyncMlFormatException(
                    "unsupported content type '" + contentType + "'", "", StatusCode.UNSUPPORTED_MEDIA_TYPE, null);
        }

        /** Guesses the encoding of a file: XML starts with optional whitespace or a BOM and then {@code <}. */
        public static Encoding sniff(byte[] bytes) {
            for (byte b : bytes) {
                if (b == '<') {
                    return XML;
                }
                if (b != ' '
                        && b != '\t'
                        && b != '\r'
                        && b != '\n'
                        && b != (byte) 0xEF
                        && b != (byte) 0xBB
                        && b != (byte) 0xBF) {
                    return WBXML;
                }
            }
            return WBXML;
        }
    }

    private final DecodeLimits limits;
    private final WbxmlEncoder.Options wbxmlOptions;

    public SyncMlCodec(DecodeLimits limits, WbxmlEncoder.Options wbxmlOptions) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.wbxmlOptions = Objects.requireNonNull(wbxmlOptions, "wbxmlOptions");
    }

    public static SyncMlCodec defaults() {
        return new SyncMlCodec(DecodeLimits.DEFAULT, WbxmlEncoder.Options.DEFAULT);
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes one message.
     *
     * @throws SyncMlFormatException for any input that is not a well-formed DM message within the limits
     */
    public SyncMl decode(byte[] bytes, Encoding encoding) {
        return switch (encoding) {
            case XML -> SyncMlXmlReader.read(bytes, limits);
            case WBXML -> WbxmlDecoder.decode(bytes, limits);
        };
    }

    public byte[] encode(SyncMl message, Encoding encoding) {
        return switch (encoding) {
            case XML -> SyncMlXmlWriter.write(message);
            case WBXML -> WbxmlEncoder.encode(message, wbxmlOptions);
        };
    }
}
