package io.trustdm.protocol.xml;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;

/**
 * The one place where TrustDM creates StAX input factories. XML parsers expand external entities and fetch DTDs by
 * default (Woodstox and the JDK both leaked a {@code file://} entity in our probe); this factory turns DTD processing
 * and external entities off, refuses to resolve anything, and bounds depth, text length and entity use. A SyncML
 * {@code <!DOCTYPE SyncML PUBLIC ...>} line still parses, offline.
 */
public final class HardenedXml {
    private HardenedXml() {}

    /** A new hardened factory; factories are thread-safe once configured, so callers keep one. */
    public static XMLInputFactory newInputFactory(int maxDepth, int maxTextLength) {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        XMLResolver refuse = (publicId, systemId, baseUri, namespace) -> new ByteArrayInputStream(new byte[0]);
        f.setXMLResolver(refuse);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, maxDepth);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, maxTextLength);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 8192);
        // Woodstox refuses 0 here (every read failed with IllegalArgumentException); 1 is its minimum. With DTD
        // support off no declared entity can be expanded anyway; this is a backstop.
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        return f;
    }
}
