package io.trustdm.protocol.provisioning;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Reads the XML form of a provisioning document ({@code text/vnd.wap.connectivity-xml}) through the
 * {@link HardenedXml} factory: no DTD processing, no external entities, nothing fetched. The usual
 * {@code <!DOCTYPE wap-provisioningdoc PUBLIC "-//WAPFORUM//DTD PROV 1.0//EN" "...prov.dtd">} line parses offline; a
 * DOCTYPE with an internal subset and any entity reference other than the five predefined ones are refused.
 *
 * <p>The structure is checked as the WBXML decoder checks it: root {@code wap-provisioningdoc} holding
 * characteristics, characteristics holding parms and characteristics, only the PROV attributes ({@code version},
 * {@code type}, {@code name}, {@code value}), {@code type} and {@code name} present, no text other than whitespace.
 * Errors are {@link ProvisioningFormatException}s with line and column.
 */
public final class ProvisioningXmlReader {
    private static final ConcurrentHashMap<DecodeLimits, XMLInputFactory> FACTORIES = new ConcurrentHashMap<>();

    private ProvisioningXmlReader() {}

    public static ProvisioningDocument read(byte[] xml) {
        return read(xml, DecodeLimits.DEFAULT);
    }

    public static ProvisioningDocument read(byte[] xml, DecodeLimits limits) {
        if (xml.length > limits.maxMessageBytes()) {
            throw ProvisioningFormatException.atLine(
                    "document of " + xml.length + " bytes exceeds the limit of " + limits.maxMessageBytes(),
                    -1,
                    -1,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE,
                    null);
        }
        XMLInputFactory f = FACTORIES.computeIfAbsent(
                limits, l -> HardenedXml.newInputFactory(l.maxDepth() + 1, l.maxMessageBytes()));
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
            return walk(r, limits);
        } catch (ProvisioningFormatException e) {
            throw e;
        } catch (XMLStreamException | RuntimeException e) {
            throw translate(e, r);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static final class Open {
        final String name;
        final String version;
        final String type;
        final String parmName;
        final String parmValue;
        final List<ProvisioningElement> children = new ArrayList<>();
        final List<Characteristic> characteristics = new ArrayList<>();

        Open(String name, String version, String type, String parmName, String parmValue) {
            this.name = name;
            this.version = version;
            this.type = type;
            this.parmName = parmName;
            this.parmValue = parmValue;
        }
    }

    private static ProvisioningDocument walk(XMLStreamReader r, DecodeLimits limits) throws XMLStreamException {
        List<Open> stack = new ArrayList<>();
        ProvisioningDocument result = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = r.getLocalName();
                    Open parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                    if (parent == null && result != null) {
                        throw error(r, "second root element");
                    }
                    boolean allowed = parent == null
                            ? name.equals("wap-provisioningdoc")
                            : name.equals("characteristic")
                                    || name.equals("parm") && !parent.name.equals("wap-provisioningdoc");
                    if (!allowed || parent != null && parent.name.equals("parm")) {
                        throw error(
                                r,
                                parent == null
                                        ? "root element is not wap-provisioningdoc"
                                        : "element " + printable(name) + " is not allowed inside " + parent.name);
                    }
                    if (++elements > limits.maxElements()) {
                        throw ProvisioningFormatException.atLine(
                                "more than " + limits.maxElements() + " elements",
                                r.getLocation().getLineNumber(),
                                r.getLocation().getColumnNumber(),
                                StatusCode.REQUEST_ENTITY_TOO_LARGE,
                                null);
                    }
                    stack.add(open(r, name));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Open e = stack.remove(stack.size() - 1);
                    Open parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                    switch (e.name) {
                        case "wap-provisioningdoc" -> result = new ProvisioningDocument(e.version, e.characteristics);
                        case "characteristic" -> {
                            Characteristic c = new Characteristic(e.type, e.children);
                            if (parent.name.equals("wap-provisioningdoc")) {
                                parent.characteristics.add(c);
                            } else {
                                parent.children.add(c);
                            }
                        }
                        default -> parent.children.add(new Parm(e.parmName, e.parmValue));
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!r.isWhiteSpace() && !r.getText().isBlank()) {
                        throw error(r, "text is not allowed in a provisioning document");
                    }
                }
                case XMLStreamConstants.DTD -> {
                    String subset =
                            r instanceof XMLStreamReader2 r2 ? r2.getDTDInfo().getDTDInternalSubset() : null;
                    if (subset != null && !subset.isBlank()) {
                        throw error(r, "DOCTYPE with an internal subset is not accepted");
                    }
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw error(r, "entity references are not accepted");
                default -> {
                    // comments, processing instructions, the XML declaration
                }
            }
        }
        if (result == null) {
            throw ProvisioningFormatException.atLine(
                    "document has no root element", -1, -1, StatusCode.BAD_REQUEST, null);
        }
        return result;
    }

    private static Open open(XMLStreamReader r, String name) {
        String version = null;
        String type = null;
        String parmName = null;
        String parmValue = null;
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String a = r.getAttributeLocalName(i);
            String ns = r.getAttributeNamespace(i);
            String v = r.getAttributeValue(i);
            boolean known = (ns == null || ns.isEmpty())
                    && switch (name) {
                        case "wap-provisioningdoc" -> a.equals("version");
                        case "characteristic" -> a.equals("type");
                        default -> a.equals("name") || a.equals("value");
                    };
            if (!known) {
                throw error(r, "attribute " + printable(a) + " is not allowed on " + name);
            }
            if (XmlText.firstInvalid(v) >= 0) {
                throw error(r, "attribute " + a + " holds a character XML cannot carry");
            }
            switch (a) {
                case "version" -> version = v;
                case "type" -> type = v;
                case "name" -> parmName = v;
                default -> parmValue = v;
            }
        }
        if (name.equals("characteristic") && type == null) {
            throw error(r, "characteristic without type");
        }
        if (name.equals("parm") && parmName == null) {
            throw error(r, "parm without name");
        }
        return new Open(name, version, type, parmName, parmValue);
    }

    private static String printable(String s) {
        return s.length() <= 32 && s.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? s : "(unprintable)";
    }

    private static ProvisioningFormatException error(XMLStreamReader r, String message) {
        Location loc = r.getLocation();
        return ProvisioningFormatException.atLine(
                message,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                StatusCode.BAD_REQUEST,
                null);
    }

    private static ProvisioningFormatException translate(Exception e, XMLStreamReader r) {
        Location loc = e instanceof XMLStreamException xe ? xe.getLocation() : null;
        if (loc == null && r != null) {
            loc = r.getLocation();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        if (msg.startsWith("ParseError at") && msg.contains("Message:")) {
            msg = msg.substring(msg.indexOf("Message:") + 8);
        } else if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        msg = msg.strip();
        int status = msg.contains("exceeds") || msg.contains("Maximum")
                ? StatusCode.REQUEST_ENTITY_TOO_LARGE
                : StatusCode.BAD_REQUEST;
        return ProvisioningFormatException.atLine(
                "malformed XML: " + msg,
                loc == null ? -1 : loc.getLineNumber(),
                loc == null ? -1 : loc.getColumnNumber(),
                status,
                e);
    }
}
