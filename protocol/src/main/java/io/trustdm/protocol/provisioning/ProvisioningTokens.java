package io.trustdm.protocol.provisioning;

import java.util.HashMap;
import java.util.Map;

/**
 * The PROV 1.0 WBXML vocabulary: tag tokens, attribute-start tokens (an attribute name with an optional value prefix)
 * and attribute-value tokens, on code pages 0 and 1.
 *
 * <p>Every entry is a fact probed from libwbxml 0.11.8 ({@code provisioning/probe/probe_prov10.py} and its output
 * {@code prov10-libwbxml-tokens.tsv} in the test resources; {@code ProvisioningTokensTest} compares the two). One
 * deliberate difference: libwbxml names the BEARER values 0xB5 and 0xB6 "TRETRA-SDS" and "TRETRA-PACKET"; the OMA
 * vocabulary (and Kannel's OTA compiler) spells them TETRA-. We decode those tokens with the OMA spelling and never
 * emit them, so both libwbxml and a conforming decoder read what we write the same way.
 *
 * <p>When a name or value has a token on both pages the encoder uses the page-0 one, as libwbxml does.
 */
final class ProvisioningTokens {
    static final int TAG_WAP_PROVISIONINGDOC = 0x05;
    static final int TAG_CHARACTERISTIC = 0x06;
    static final int TAG_PARM = 0x07;

    static final String ATTR_NAME = "name";
    static final String ATTR_VALUE = "value";
    static final String ATTR_TYPE = "type";
    static final String ATTR_VERSION = "version";

    /** An attribute-start token: the attribute and the prefix its value begins with (often the whole value). */
    record AttrStart(String attribute, String prefix) {}

    /** A token and the code page it lives on. */
    record PageToken(int page, int token) {}

    private static final AttrStart[][] STARTS = new AttrStart[2][128];
    private static final String[][] VALUES = new String[2][256];
    private static final Map<String, PageToken> START_BY_ATTR_AND_VALUE = new HashMap<>();
    private static final Map<String, PageToken> VALUE_BY_TEXT = new HashMap<>();

    static {
        start(0, 0x05, "name", "");
        start(0, 0x06, "value", "");
        start(0, 0x07, "name", "NAME");
        start(0, 0x08, "name", "NAP-ADDRESS");
        start(0, 0x09, "name", "NAP-ADDRTYPE");
        start(0, 0x0A, "name", "CALLTYPE");
        start(0, 0x0B, "name", "VALIDUNTIL");
        start(0, 0x0C, "name", "AUTHTYPE");
        start(0, 0x0D, "name", "AUTHNAME");
        start(0, 0x0E, "name", "AUTHSECRET");
        start(0, 0x0F, "name", "LINGER");
        start(0, 0x10, "name", "BEARER");
        start(0, 0x11, "name", "NAPID");
        start(0, 0x12, "name", "COUNTRY");
        start(0, 0x13, "name", "NETWORK");
        start(0, 0x14, "name", "INTERNET");
        start(0, 0x15, "name", "PROXY-ID");
        start(0, 0x16, "name", "PROXY-PROVIDER-ID");
        start(0, 0x17, "name", "DOMAIN");
        start(0, 0x18, "name", "PROVURL");
        start(0, 0x19, "name", "PXAUTH-TYPE");
        start(0, 0x1A, "name", "PXAUTH-ID");
        start(0, 0x1B, "name", "PXAUTH-PW");
        start(0, 0x1C, "name", "STARTPAGE");
        start(0, 0x1D, "name", "BASAUTH-ID");
        start(0, 0x1E, "name", "BASAUTH-PW");
        start(0, 0x1F, "name", "PUSHENABLED");
        start(0, 0x20, "name", "PXADDR");
        start(0, 0x21, "name", "PXADDRTYPE");
        start(0, 0x22, "name", "TO-NAPID");
        start(0, 0x23, "name", "PORTNBR");
        start(0, 0x24, "name", "SERVICE");
        start(0, 0x25, "name", "LINKSPEED");
        start(0, 0x26, "name", "DNLINKSPEED");
        start(0, 0x27, "name", "LOCAL-ADDR");
        start(0, 0x28, "name", "LOCAL-ADDRTYPE");
        start(0, 0x29, "name", "CONTEXT-ALLOW");
        start(0, 0x2A, "name", "TRUST");
        start(0, 0x2B, "name", "MASTER");
        start(0, 0x2C, "name", "SID");
        start(0, 0x2D, "name", "SOC");
        start(0, 0x2E, "name", "WSP-VERSION");
        start(0, 0x2F, "name", "PHYSICAL-PROXY-ID");
        start(0, 0x30, "name", "CLIENT-ID");
        start(0, 0x31, "name", "DELIVERY-ERR-SDU");
        start(0, 0x32, "name", "DELIVERY-ORDER");
        start(0, 0x33, "name", "TRAFFIC-CLASS");
        start(0, 0x34, "name", "MAX-SDU-SIZE");
        start(0, 0x35, "name", "MAX-BITRATE-UPLINK");
        start(0, 0x36, "name", "MAX-BITRATE-DNLINK");
        start(0, 0x37, "name", "RESIDUAL-BER");
        start(0, 0x38, "name", "SDU-ERROR-RATIO");
        start(0, 0x39, "name", "TRAFFIC-HANDL-PRIO");
        start(0, 0x3A, "name", "TRANSFER-DELAY");
        start(0, 0x3B, "name", "GUARANTEED-BITRATE-UPLINK");
        start(0, 0x3C, "name", "GUARANTEED-BITRATE-DNLINK");
        start(0, 0x3D, "name", "PXADDR-FQDN");
        start(0, 0x3E, "name", "PROXY-PW");
        start(0, 0x3F, "name", "PPGAUTH-TYPE");
        start(0, 0x45, "version", "");
        start(0, 0x46, "version", "1.0");
        start(0, 0x47, "name", "PULLENABLED");
        start(0, 0x48, "name", "DNS-ADDR");
        start(0, 0x49, "name", "MAX-NUM-RETRY");
        start(0, 0x4A, "name", "FIRST-RETRY-TIMEOUT");
        start(0, 0x4B, "name", "REREG-THRESHOLD");
        start(0, 0x4C, "name", "T-BIT");
        start(0, 0x4E, "name", "AUTH-ENTITY");
        start(0, 0x4F, "name", "SPI");
        start(0, 0x50, "type", "");
        start(0, 0x51, "type", "PXLOGICAL");
        start(0, 0x52, "type", "PXPHYSICAL");
        start(0, 0x53, "type", "PORT");
        start(0, 0x54, "type", "VALIDITY");
        start(0, 0x55, "type", "NAPDEF");
        start(0, 0x56, "type", "BOOTSTRAP");
        start(0, 0x57, "type", "VENDORCONFIG");
        start(0, 0x58, "type", "CLIENTIDENTITY");
        start(0, 0x59, "type", "PXAUTHINFO");
        start(0, 0x5A, "type", "NAPAUTHINFO");
        start(0, 0x5B, "type", "ACCESS");
        start(1, 0x05, "name", "");
        start(1, 0x06, "value", "");
        start(1, 0x07, "name", "NAME");
        start(1, 0x14, "name", "INTERNET");
        start(1, 0x1C, "name", "STARTPAGE");
        start(1, 0x22, "name", "TO-NAPID");
        start(1, 0x23, "name", "PORTNBR");
        start(1, 0x24, "name", "SERVICE");
        start(1, 0x2E, "name", "AACCEPT");
        start(1, 0x2F, "name", "AAUTHDATA");
        start(1, 0x30, "name", "AAUTHLEVEL");
        start(1, 0x31, "name", "AAUTHNAME");
        start(1, 0x32, "name", "AAUTHSECRET");
        start(1, 0x33, "name", "AAUTHTYPE");
        start(1, 0x34, "name", "ADDR");
        start(1, 0x35, "name", "ADDRTYPE");
        start(1, 0x36, "name", "APPID");
        start(1, 0x37, "name", "APROTOCOL");
        start(1, 0x38, "name", "PROVIDER-ID");
        start(1, 0x39, "name", "TO-PROXY");
        start(1, 0x3A, "name", "URI");
        start(1, 0x3B, "name", "RULE");
        start(1, 0x50, "type", "");
        start(1, 0x53, "type", "PORT");
        start(1, 0x55, "type", "APPLICATION");
        start(1, 0x56, "type", "APPADDR");
        start(1, 0x57, "type", "APPAUTH");
        start(1, 0x58, "type", "CLIENTIDENTITY");
        start(1, 0x59, "type", "RESOURCE");
        value(0, 0x85, "IPV4");
        value(0, 0x86, "IPV6");
        value(0, 0x87, "E164");
        value(0, 0x88, "ALPHA");
        value(0, 0x89, "APN");
        value(0, 0x8A, "SCODE");
        value(0, 0x8B, "TETRA-ITSI");
        value(0, 0x8C, "MAN");
        value(0, 0x90, "ANALOG-MODEM");
        value(0, 0x91, "V.120");
        value(0, 0x92, "V.110");
        value(0, 0x93, "X.31");
        value(0, 0x94, "BIT-TRANSPARENT");
        value(0, 0x95, "DIRECT-ASYNCHRONOUS-DATA-SERVICE");
        value(0, 0x9A, "PAP");
        value(0, 0x9B, "CHAP");
        value(0, 0x9C, "HTTP-BASIC");
        value(0, 0x9D, "HTTP-DIGEST");
        value(0, 0x9E, "WTLS-SS");
        value(0, 0x9F, "MD5");
        value(0, 0xA2, "GSM-USSD");
        value(0, 0xA3, "GSM-SMS");
        value(0, 0xA4, "ANSI-136-GUTS");
        value(0, 0xA5, "IS-95-CDMA-SMS");
        value(0, 0xA6, "IS-95-CDMA-CSD");
        value(0, 0xA7, "IS-95-CDMA-PACKET");
        value(0, 0xA8, "ANSI-136-CSD");
        value(0, 0xA9, "ANSI-136-GPRS");
        value(0, 0xAA, "GSM-CSD");
        value(0, 0xAB, "GSM-GPRS");
        value(0, 0xAC, "AMPS-CDPD");
        value(0, 0xAD, "PDC-CSD");
        value(0, 0xAE, "PDC-PACKET");
        value(0, 0xAF, "IDEN-SMS");
        value(0, 0xB0, "IDEN-CSD");
        value(0, 0xB1, "IDEN-PACKET");
        value(0, 0xB2, "FLEX/REFLEX");
        value(0, 0xB3, "PHS-SMS");
        value(0, 0xB4, "PHS-CSD");
        value(0, 0xB5, "TETRA-SDS"); // libwbxml 0.11.8 says "TRETRA-SDS"
        value(0, 0xB6, "TETRA-PACKET"); // libwbxml 0.11.8 says "TRETRA-PACKET"
        value(0, 0xB7, "ANSI-136-GHOST");
        value(0, 0xB8, "MOBITEX-MPAK");
        value(0, 0xB9, "CDMA2000-1X-SIMPLE-IP");
        value(0, 0xBA, "CDMA2000-1X-MOBILE-IP");
        value(0, 0xC5, "AUTOBAUDING");
        value(0, 0xCA, "CL-WSP");
        value(0, 0xCB, "CO-WSP");
        value(0, 0xCC, "CL-SEC-WSP");
        value(0, 0xCD, "CO-SEC-WSP");
        value(0, 0xCE, "CL-SEC-WTA");
        value(0, 0xCF, "CO-SEC-WTA");
        value(0, 0xD0, "OTA-HTTP-TO");
        value(0, 0xD1, "OTA-HTTP-TLS-TO");
        value(0, 0xD2, "OTA-HTTP-PO");
        value(0, 0xD3, "OTA-HTTP-TLS-PO");
        value(0, 0xE0, "AAA");
        value(0, 0xE1, "HA");
        value(1, 0x86, "IPV6");
        value(1, 0x87, "E164");
        value(1, 0x88, "ALPHA");
        value(1, 0x8D, "APPSRV");
        value(1, 0x8E, "OBEX");
        value(1, 0x90, ",");
        value(1, 0x91, "HTTP-");
        value(1, 0x92, "BASIC");
        value(1, 0x93, "DIGEST");
    }

    private ProvisioningTokens() {}

    private static void start(int page, int token, String attribute, String prefix) {
        STARTS[page][token] = new AttrStart(attribute, prefix);
        START_BY_ATTR_AND_VALUE.putIfAbsent(attribute + '\u0000' + prefix, new PageToken(page, token));
    }

    private static void value(int page, int token, String text) {
        VALUES[page][token] = text;
        boolean misnamedByLibwbxml = page == 0 && (token == 0xB5 || token == 0xB6);
        if (!misnamedByLibwbxml) {
            VALUE_BY_TEXT.putIfAbsent(text, new PageToken(page, token));
        }
    }

    /** The attribute-start token on this page, or {@code null}. */
    static AttrStart attrStart(int page, int token) {
        if (page < 0 || page > 1 || token < 0 || token > 127) {
            return null;
        }
        return STARTS[page][token];
    }

    /** The text of the attribute-value token on this page, or {@code null}. */
    static String attrValue(int page, int token) {
        if (page < 0 || page > 1 || token < 0 || token > 255) {
            return null;
        }
        return VALUES[page][token];
    }

    /**
     * The token that encodes this attribute with exactly this value (for example {@code name="APPID"}), or, with an
     * empty value, the bare attribute token ({@code name=}); {@code null} when there is none.
     */
    static PageToken encodeStart(String attribute, String value) {
        return START_BY_ATTR_AND_VALUE.get(attribute + '\u0000' + value);
    }

    /** The attribute-value token whose text is exactly this value, or {@code null}. */
    static PageToken encodeValue(String value) {
        return VALUE_BY_TEXT.get(value);
    }
}
