package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The Format of a node (OMA DM TND §8.3.7.2, DDF §8.5.4.2): {@code node} for interior nodes, one of the others for
 * leaves. Values are checked against their format when a server writes them.
 *
 * <p>Status choices (the spec names the codes but not which failure maps to which): a Format name the device does not
 * know is "unsupported media type or format" (415); a value that is not valid for a known format is a malformed
 * request (400). A value arriving as {@code b64} is binary data in transit: the tree stores the decoded octets with
 * Format {@code bin}, because the Format property of binary data is always {@code bin} (TND §8.3.7.2); only the
 * codec decides whether it travels as base64 text or opaque bytes.
 */
public enum NodeFormat {
    B64("b64"),
    BIN("bin"),
    BOOL("bool"),
    CHR("chr"),
    INT("int"),
    NODE("node"),
    NULL("null"),
    XML("xml"),
    DATE("date"),
    TIME("time"),
    FLOAT("float");

    private static final Pattern INT_PATTERN = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final Pattern FLOAT_PATTERN =
            Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN");
    private static final Pattern DATE_EXTENDED = Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})");
    private static final Pattern DATE_BASIC = Pattern.compile("([0-9]{4})([0-9]{2})([0-9]{2})");
    private static final Pattern TIME_EXTENDED =
            Pattern.compile("([0-9]{2}):([0-9]{2})(:([0-9]{2})([.,][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?");
    private static final Pattern TIME_BASIC =
            Pattern.compile("([0-9]{2})([0-9]{2})(([0-9]{2})([.,][0-9]+)?)?(Z|[+-][0-9]{2}([0-9]{2})?)?");
    private static final int XML_MAX_DEPTH = 64;

    private final String wireName;

    NodeFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in Meta/Format and in TNDS (e.g. {@code chr}). */
    public String wireName() {
        return wireName;
    }

    /** The format with this exact name. */
    public static Optional<NodeFormat> byWireName(String name) {
        for (NodeFormat f : values()) {
            if (f.wireName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The format named in a Meta/Format.
     *
     * @throws TreeException (415) when the name is not a DM format
     */
    public static NodeFormat fromWire(String name) {
        return byWireName(name)
                .orElseThrow(() ->
                        new TreeException(StatusCode.UNSUPPORTED_MEDIA_TYPE, "unsupported format '" + name + "'"));
    }

    /** True for the binary formats, whose values are octets rather than UTF-8 text. */
    public boolean isBinary() {
        return this == BIN || this == B64;
    }

    /**
     * Checks a stored value (octets; UTF-8 for the text formats) against this format.
     *
     * @throws TreeException (400) when the value is not valid for the format
     */
    public void validate(byte[] value) {
        switch (this) {
            case BIN, B64 -> {
                // any octets
            }
            case NODE, NULL -> {
                if (value.length != 0) {
                    throw invalid("a " + wireName + " node has no value");
                }
            }
            case CHR -> utf8(value);
            case BOOL -> {
                String s = utf8(value);
                if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    throw invalid("bool value must be true or false");
                }
            }
            case INT -> {
                String s = utf8(value);
                if (!INT_PATTERN.matcher(s).matches()) {
                    throw invalid("int value is not a decimal integer");
                }
                long v = Long.parseLong(s);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw invalid("int value outside the 32-bit signed range");
                }
            }
            case FLOAT -> {
                if (!FLOAT_PATTERN.matcher(utf8(value)).matches()) {
                    throw invalid("float value is not an XML Schema float");
                }
            }
            case DATE -> checkDate(utf8(value));
            case TIME -> checkTime(utf8(value));
            case XML -> checkXml(value);
        }
    }

    private static TreeException invalid(String message) {
        return new TreeException(StatusCode.BAD_REQUEST, message);
    }

    /** Decodes strict UTF-8; 400 when the octets are not UTF-8. */
    static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("value is not UTF-8 text");
        }
    }

    /** ISO 8601 calendar date with century: {@code 2024-02-29} or {@code 20240229}. */
    private static void checkDate(String s) {
        Matcher m = DATE_EXTENDED.matcher(s);
        if (!m.matches()) {
            m = DATE_BASIC.matcher(s);
            if (!m.matches()) {
                throw invalid("date value is not an ISO 8601 date with century");
            }
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw invalid("date value is not a calendar date");
        }
    }

    /**
     * ISO 8601 time of day: {@code hh:mm[:ss[.f]]} or {@code hhmm[ss[.f]]}, optionally followed by {@code Z} or an
     * offset. A leap second (60) is accepted.
     */
    private static void checkTime(String s) {
        Matcher m = TIME_EXTENDED.matcher(s);
        if (!m.matches()) {
            m = TIME_BASIC.matcher(s);
            if (!m.matches()) {
                throw invalid("time value is not an ISO 8601 time");
            }
        }
        int hh = Integer.parseInt(m.group(1));
        int mm = Integer.parseInt(m.group(2));
        int ss = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        if (hh > 23 || mm > 59 || ss > 60) {
            throw invalid("time value out of range");
        }
        String zone = m.group(6);
        if (zone != null && !zone.equals("Z")) {
            int zh = Integer.parseInt(zone.substring(1, 3));
            String rest = zone.substring(3).replace(":", "");
            int zm = rest.isEmpty() ? 0 : Integer.parseInt(rest);
            if (zh > 14 || zm > 59) {
                throw invalid("time zone offset out of range");
            }
        }
    }

    private static final class XmlFactoryHolder {
        static final XMLInputFactory FACTORY = HardenedXml.newInputFactory(XML_MAX_DEPTH, 1 << 20);
    }

    /**
     * Well-formed XML: a document (when it starts with an XML declaration) or element content with any number of
     * elements and text. Parsed with the hardened factory, so no DTD and no entity is ever expanded.
     */
    private static void checkXml(byte[] value) {
        String text = utf8(value);
        String doc = text.stripLeading().startsWith("<?xml") ? text : "<v>" + text + "</v>";
        XMLStreamReader r = null;
        try {
            r = XmlFactoryHolder.FACTORY.createXMLStreamReader(
                    new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)), "UTF-8");
            while (r.hasNext()) {
                r.next();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw invalid("xml value is not well-formed XML");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release
                }
            }
        }
    }
}
