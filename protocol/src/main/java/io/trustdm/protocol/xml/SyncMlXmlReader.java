package io.trustdm.protocol.xml;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.ElementSource;
import io.trustdm.protocol.codec.MessageBinder;
import io.trustdm.protocol.codec.Namespaces;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.codec.Tag;
import io.trustdm.protocol.codec.XmlFormatException;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Reads SyncML DM XML through the {@link HardenedXml} factory. Namespaces are matched case-insensitively
 * ({@code SYNCML:SYNCML1.2} and {@code syncml:syncml1.2} both work); a MetInf element written without its namespace
 * is still recognised inside Meta; single or double quotes, CDATA and any whitespace between elements are accepted.
 * A DOCTYPE is allowed only without an internal subset, so entity declarations never reach the parser. XML 1.1 is
 * refused (415): DM is XML 1.0, and 1.1 admits characters the writer cannot write back.
 */
public final class SyncMlXmlReader implements ElementSource {
    private static final ConcurrentHashMap<DecodeLimits, XMLInputFactory> FACTORIES = new ConcurrentHashMap<>();

    /**
     * Woodstox's messages for its size limits ("Maximum Element Depth limit (49) Exceeded"). Matched on the
     * parenthesised number, which no element name can contain, so that input text never picks the status.
     */
    private static final Pattern WOODSTOX_LIMIT = Pattern.compile("(?i)limit \\( ?\\d+ ?\\) exceeded");

    private final XMLStreamReader r;
    private final byte[] xml;
    private boolean pending;
    private Tag tag;
    private String text;

    private SyncMlXmlReader(XMLStreamReader r, byte[] xml) {
        this.r = r;
        this.xml = xml;
    }

    public static SyncMl read(byte[] xml) {
        return read(xml, DecodeLimits.DEFAULT);
    }

    public static SyncMl read(byte[] xml, DecodeLimits limits) {
        SyncMlXmlReader reader = open(xml, limits);
        try {
            return MessageBinder.bindMessage(reader, limits);
        } finally {
            reader.close();
        }
    }

    /** Reads a stand-alone DM DDF / TNDS document (root {@code MgmtTree}). */
    public static Element readDdf(byte[] xml, DecodeLimits limits) {
        SyncMlXmlReader reader = open(xml, limits);
        try {
            return MessageBinder.bindDdfDocument(reader, limits);
        } finally {
            reader.close();
        }
    }

    private static SyncMlXmlReader open(byte[] xml, DecodeLimits limits) {
        if (xml.length > limits.maxMessageBytes()) {
            throw new XmlFormatException(
                    "message of " + xml.length + " bytes exceeds the limit of " + limits.maxMessageBytes(),
                    -1,
                    -1,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE,
                    null);
        }
        XMLInputFactory f = FACTORIES.computeIfAbsent(
                limits, l -> HardenedXml.newInputFactory(l.maxDepth() + 1, l.maxMessageBytes()));
        XMLStreamReader r;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
        } catch (XMLStreamException | RuntimeException e) {
            throw translate(e, null, xml);
        }
        SyncMlXmlReader reader = new SyncMlXmlReader(r, xml);
        // XML 1.1 admits C0 control characters (as character references) that an XML 1.0 writer cannot write back,
        // and redefines line ends; SyncML DM is XML 1.0.
        if ("1.1".equals(r.getVersion())) {
            reader.close();
            throw new XmlFormatException(
                    "XML version 1.1 is not supported (SyncML DM uses XML 1.0)",
                    1,
                    1,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE,
                    null);
        }
        return reader;
    }

    private void close() {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // nothing held beyond the byte array
        }
    }

    static XmlFormatException translate(Exception e, XMLStreamReader r, byte[] xml) {
        Location loc = e instanceof XMLStreamException xe ? xe.getLocation() : null;
        if (loc == null && r != null) {
            loc = r.getLocation();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // StAX messages repeat the location on a second line; keep the first.
        int nl = msg.indexOf('\n');
        if (msg.startsWith("ParseError at") && nl > 0) {
            msg = msg.substring(msg.indexOf("Message:") >= 0 ? msg.indexOf("Message:") + 8 : nl + 1)
                    .strip();
        } else if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        int status;
        if (WOODSTOX_LIMIT.matcher(msg).find()) {
            status = StatusCode.REQUEST_ENTITY_TOO_LARGE;
        } else if (msg.contains("Unsupported encoding: ")) {
            status = StatusCode.UNSUPPORTED_MEDIA_TYPE;
        } else {
            status = StatusCode.BAD_REQUEST;
        }
        int line = loc == null ? -1 : loc.getLineNumber();
        int column = loc == null ? -1 : column(loc);
        if (loc == null && r == null) {
            // Failed while the reader was being created: it had read no further than the byte-order mark and the
            // XML declaration (for example an unknown encoding name), which start the document.
            line = 1;
            column = 1;
        }
        if (causedByCharConversion(e)) {
            // Woodstox decodes the input in blocks and reports a bad byte at the start of its block (often line 1,
            // column 1); find the byte ourselves so that the location is where the problem is.
            int[] at = firstInvalidUtf8(xml);
            if (at != null) {
                line = at[0];
                column = at[1];
            }
        }
        return new XmlFormatException("malformed XML: " + msg.strip(), line, column, status, e);
    }

    /** Woodstox reports column 0 for an empty document; columns are 1-based. */
    private static int column(Location loc) {
        return Math.max(1, loc.getColumnNumber());
    }

    private static boolean causedByCharConversion(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CharConversionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Line and column (1-based, in characters) of the first byte sequence that is not UTF-8 or encodes a character
     * XML forbids in any encoding (U+FFFE, U+FFFF), or {@code null} when the input is clean UTF-8.
     */
    static int[] firstInvalidUtf8(byte[] xml) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(xml);
        CharBuffer out = CharBuffer.allocate(1024);
        int bad = -1;
        while (bad < 0) {
            int before = in.position();
            CoderResult cr = d.decode(in, out, true);
            out.flip();
            int at = before;
            while (out.hasRemaining()) {
                char c = out.get();
                if (c == '\uFFFE' || c == '\uFFFF') {
                    bad = at;
                    break;
                }
                at += utf8Length(c);
            }
            out.clear();
            if (bad < 0 && cr.isError()) {
                bad = in.position();
            } else if (bad < 0 && cr.isUnderflow()) {
                return null;
            }
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < bad; i++) {
            int b = xml[i] & 0xFF;
            if (b == '\n' || (b == '\r' && (i + 1 >= xml.length || xml[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if ((b & 0xC0) != 0x80) {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        // a surrogate is half of a four-byte sequence
        return Character.isSurrogate(c) ? 2 : 3;
    }

    @Override
    public Event next() {
        try {
            StringBuilder sb = null;
            text = null;
            while (true) {
                int e = pending ? r.getEventType() : r.next();
                pending = false;
                switch (e) {
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                        if (text != null) {
                            pending = true;
                            if (sb != null) {
                                text = sb.toString();
                            }
                            return Event.TEXT;
                        }
                        tag = resolve(r.getNamespaceURI(), r.getLocalName());
                        return e == XMLStreamConstants.START_ELEMENT ? Event.START : Event.END;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        String t = r.getText();
                        if (text == null) {
                            text = t;
                        } else {
                            if (sb == null) {
                                sb = new StringBuilder(text);
                            }
                            sb.append(t);
                        }
                    }
                    case XMLStreamConstants.DTD -> {
                        String subset = r instanceof XMLStreamReader2 r2
                                ? r2.getDTDInfo().getDTDInternalSubset()
                                : null;
                        if (subset != null && !subset.isBlank()) {
                            throw error(
                                    "DOCTYPE with an internal subset is not accepted (entity declarations are refused)",
                                    StatusCode.BAD_REQUEST);
                        }
                    }
                    case XMLStreamConstants.END_DOCUMENT -> {
                        if (text != null) {
                            pending = true;
                            if (sb != null) {
                                text = sb.toString();
                            }
                            return Event.TEXT;
                        }
                        return Event.EOF;
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw error(
                                "entity reference &" + r.getLocalName() + "; is not accepted", StatusCode.BAD_REQUEST);
                    default -> {
                        // comments, processing instructions, the XML declaration: nothing DM needs
                    }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof SyncMlFormatException sfe) {
                throw sfe;
            }
            throw translate(e, r, xml);
        }
    }

    private Tag resolve(String ns, String local) {
        int page = Namespaces.pageOf(ns, Tag.PAGE_SYNCML);
        if (page < 0) {
            throw error("element " + local + " in unknown namespace '" + ns + "'", StatusCode.BAD_REQUEST);
        }
        Tag t = Tag.byName(page, local);
        if (t == null && page == Tag.PAGE_SYNCML) {
            // MetInf fields written without xmlns="syncml:metinf" (seen in the field) inherit the SyncML namespace.
            t = Tag.byName(Tag.PAGE_METINF, local);
        }
        if (t == null) {
            throw error("unknown element " + local + " in namespace '" + ns + "'", StatusCode.BAD_REQUEST);
        }
        return t;
    }

    @Override
    public Tag tag() {
        return tag;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public byte[] opaque() {
        return null;
    }

    @Override
    public SyncMlFormatException error(String message, int status) {
        Location loc = r.getLocation();
        return new XmlFormatException(
                message, loc == null ? -1 : loc.getLineNumber(), loc == null ? -1 : column(loc), status, null);
    }
}
