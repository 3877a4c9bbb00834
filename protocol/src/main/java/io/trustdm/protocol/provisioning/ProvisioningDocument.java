package io.trustdm.protocol.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An OMA Client Provisioning document ({@code <wap-provisioningdoc>}). In TrustDM it carries the DM bootstrap of the
 * CP profile: a {@link W7Application} plus, optionally, the NAPDEF and PXLOGICAL it refers to.
 *
 * @param version the {@code version} attribute ("1.0", "1.1"), or {@code null} when absent
 * @param characteristics the top-level characteristics, in document order
 */
public record ProvisioningDocument(String version, List<Characteristic> characteristics) {
    /** WBXML public identifier of PROV 1.0. */
    public static final int PUBLIC_ID = 0x0B;
    /** Formal public identifier of PROV 1.0, as written in the DOCTYPE. */
    public static final String FPI = "-//WAPFORUM//DTD PROV 1.0//EN";
    /** System identifier written in the DOCTYPE; it is never fetched. */
    public static final String SYSTEM_ID = "http://www.wapforum.org/DTD/prov.dtd";
    /** Media type of the WBXML form (WSP well-known value 0x36). */
    public static final String MEDIA_TYPE_WBXML = "application/vnd.wap.connectivity-wbxml";
    /** Media type of the XML form (WSP well-known value 0x35). */
    public static final String MEDIA_TYPE_XML = "text/vnd.wap.connectivity-xml";

    public ProvisioningDocument {
        if (version != null) {
            XmlText.require(version, "version");
        }
        characteristics = List.copyOf(characteristics);
    }

    public static ProvisioningDocument of(String version, Characteristic... characteristics) {
        return new ProvisioningDocument(version, Arrays.asList(characteristics));
    }

    /** The top-level characteristics of this type, in document order. */
    public List<Characteristic> characteristics(String type) {
        List<Characteristic> out = new ArrayList<>();
        for (Characteristic c : characteristics) {
            if (c.type().equals(type)) {
                out.add(c);
            }
        }
        return out;
    }
}
