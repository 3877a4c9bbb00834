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
import java.util.concurrent.ConcurrentHashMap;
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
 * A DOCTYPE is allowed only without an internal subset, so entity declarations never reach the parser.
 */
public final class SyncMlXmlReader implements ElementSource {
    private static final ConcurrentHashMap<DecodeLimits, XMLInputFactory> FACTORIES = new ConcurrentHashMap<>();

    private final XMLStreamReader r;
    private boolean pending;
    private Tag tag;
    private String text;

    private SyncMlXmlReader(XMLStreamReader r) {
        this.r = r;
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
        try {
            return new SyncMlXmlReader(f.createXMLStreamReader(new ByteArrayInputStream(xml)));
        } catch (XMLStreamException | RuntimeException e) {
            throw translate(e, null);
        }
    }

    private void close() {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // nothing held beyond the byte array
        }
    }

    static XmlFormatException translate(Exception e, XMLStreamReader r) {
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
        int status = msg.contains("exceeds") || msg.contains("Maximum") ? StatusCode.REQUEST_ENTITY_TOO_LARGE : 400;
        return new XmlFormatException(
                "malformed XML: " + msg.strip(),
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                status,
                e);
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
            throw translate(e, r);
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
                message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                status,
                null);
    }
}
