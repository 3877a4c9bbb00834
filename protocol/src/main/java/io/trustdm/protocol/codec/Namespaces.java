package io.trustdm.protocol.codec;

import java.util.Locale;

/** The XML namespaces of the three DM vocabularies, and their mapping to WBXML code pages. */
public final class Namespaces {
    public static final String SYNCML_1_2 = "SYNCML:SYNCML1.2";
    public static final String SYNCML_1_1 = "SYNCML:SYNCML1.1";
    public static final String METINF = "syncml:metinf";
    public static final String DDF_1_2 = "syncml:dmddf1.2";

    private Namespaces() {}

    static String ofPage(int page) {
        return switch (page) {
            case Tag.PAGE_SYNCML -> SYNCML_1_2;
            case Tag.PAGE_METINF -> METINF;
            case Tag.PAGE_DDF -> DDF_1_2;
            default -> throw new IllegalArgumentException("no code page " + page);
        };
    }

    /**
     * The code page for a namespace URI, compared case-insensitively because real clients write
     * {@code syncml:syncml1.2}; -1 when unknown. The empty namespace maps to {@code defaultPage}.
     */
    public static int pageOf(String uri, int defaultPage) {
        if (uri == null || uri.isEmpty()) {
            return defaultPage;
        }
        String u = uri.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "syncml:syncml1.2", "syncml:syncml1.1" -> Tag.PAGE_SYNCML;
            case "syncml:metinf" -> Tag.PAGE_METINF;
            case "syncml:dmddf1.2" -> Tag.PAGE_DDF;
            default -> -1;
        };
    }
}
