package io.trustdm.server.notification;

import io.trustdm.protocol.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Push Proxy Gateway's answer to a push submission (WAP-247-PAP §9.3): a {@code push-response} with its
 * {@code response-result}, or a {@code badmessage-response} when the PPG could not parse the request. Read with the
 * hardened XML factory: the PAP DOCTYPE line parses offline and nothing is ever fetched.
 *
 * <p>Result codes (PAP 1.0 §9.13): 1xxx success (1000 OK, 1001 accepted for processing), 2xxx client errors that a
 * retry cannot fix (2000 bad request, 2001 forbidden, 2002 address error, 2007 duplicate push id ...), 3xxx server
 * errors (3000 internal error, 3009/3010 required network/bearer not available ...), 4xxx service failure, 5xxx mobile
 * client aborted.
 *
 * @param pushId      the push-id the PPG echoed, or {@code null} (a badmessage-response has none)
 * @param code        the PAP result code
 * @param description the PPG's text for the code, or {@code ""}
 */
public record PapResponse(String pushId, int code, String description) {
    private static final XMLInputFactory XML = HardenedXml.newInputFactory(16, 4096);

    /** 1000 OK and 1001 accepted for processing. */
    public boolean isAccepted() {
        return code >= 1000 && code < 2000;
    }

    /** What the notification service should make of it. */
    public Delivery toDelivery() {
        if (isAccepted()) {
            return new Delivery.Accepted(pushId == null ? "" : pushId, code, description);
        }
        if (code >= 2000 && code < 3000) {
            return new Delivery.Refused(code, description);
        }
        return new Delivery.Unavailable(code, description);
    }

    /**
     * Parses the XML body of a PPG answer.
     *
     * @throws PapFormatException when it is not XML, or holds neither a push-response result nor a badmessage-response
     */
    public static PapResponse parse(byte[] body) {
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                String pushId = null;
                while (r.hasNext()) {
                    if (r.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    switch (r.getLocalName()) {
                        case "push-response" -> pushId = r.getAttributeValue(null, "push-id");
                        case "response-result", "badmessage-response" -> {
                            return new PapResponse(pushId, code(r), text(r.getAttributeValue(null, "desc")));
                        }
                        default -> {
                            // pap, progress-note and others carry nothing the sender needs
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new PapFormatException("PPG answer is not well-formed XML: " + e.getMessage(), e);
        }
        throw new PapFormatException("PPG answer has no response-result or badmessage-response", null);
    }

    private static int code(XMLStreamReader r) {
        String v = r.getAttributeValue(null, "code");
        if (v == null) {
            throw new PapFormatException(r.getLocalName() + " without a code attribute", null);
        }
        try {
            int c = Integer.parseInt(v.strip());
            if (c < 1000 || c > 9999) {
                throw new PapFormatException("PAP result code " + c + " is not four digits", null);
            }
            return c;
        } catch (NumberFormatException e) {
            throw new PapFormatException("PAP result code '" + v + "' is not a number", e);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
