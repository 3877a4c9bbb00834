package io.trustdm.protocol.smartcard;

import java.util.HexFormat;

/**
 * Where a bootstrap lives on a card. The DM Bootstrap smartcard appendix follows the PKCS#15 pattern; its exact EF
 * identifiers were not available to us ([UNSURE] in security.md §6.2), so this is TrustDM's decision, kept in this one
 * class and described in docs/SECURITY.md:
 *
 * <pre>
 * ADF PKCS#15             AID A0 00 00 00 63 50 4B 43 53 2D 31 35 (selected by AID)
 *  ├─ EF(ODF)      5031   A7 { 30 { 04 02 52 07 } }               → the DODF
 *  ├─ EF(DODF)     5207   one opaque data object per file, applicationOID 2.23.43.7.1,
 *  │                      label "DM_Bootstrap" or "DM_Bootstrap_ContentType", value = Path to the EF
 *  ├─ EF           5208   the bootstrap document: Plain profile WBXML DM package or CP wap-provisioningdoc
 *  └─ EF           5209   optional: the Content-Type (US-ASCII), with SEC and MAC parameters when applied
 * </pre>
 *
 * When the Content-Type EF is absent the profile is taken from the WBXML public identifier (0x0B = provisioning).
 */
public final class BootstrapCardLayout {
    /** The PKCS#15 application identifier ("…PKCS-15"). */
    public static final byte[] PKCS15_AID = HexFormat.of().parseHex("A000000063504B43532D3135");

    /** The DM bootstrap data object OID 2.23.43.7.1, DER value octets (without tag and length). */
    public static final byte[] DM_BOOTSTRAP_OID = {0x67, 0x2B, 0x07, 0x01};

    public static final int FID_ODF = 0x5031;
    public static final int FID_DODF = 0x5207;
    public static final int FID_BOOTSTRAP = 0x5208;
    public static final int FID_CONTENT_TYPE = 0x5209;

    /** Label of the DODF entry pointing to the document (the EF named DM_Bootstrap). */
    public static final String LABEL_DOCUMENT = "DM_Bootstrap";

    /** Label of the DODF entry pointing to the Content-Type EF. */
    public static final String LABEL_CONTENT_TYPE = "DM_Bootstrap_ContentType";

    public static final String MEDIA_PLAIN = "application/vnd.syncml.dm+wbxml";
    public static final String MEDIA_CP = "application/vnd.wap.connectivity-wbxml";

    private BootstrapCardLayout() {}

    /**
     * The media type of a document read without a Content-Type EF: a WBXML public identifier 0x0B is the WAP
     * provisioning document (CP profile), anything else is taken as a Plain-profile DM package.
     */
    public static String sniffMediaType(byte[] document) {
        return document.length > 1 && (document[1] & 0xFF) == 0x0B ? MEDIA_CP : MEDIA_PLAIN;
    }

    /** "5208" for a FID, for messages. */
    public static String fidName(int fid) {
        return String.format("%04X", fid & 0xFFFF);
    }
}
