package io.trustdm.protocol.xml;

import io.trustdm.protocol.codec.ElementSink;
import io.trustdm.protocol.codec.MessageEmitter;
import io.trustdm.protocol.codec.Tag;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.SyncMl;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes compact canonical XML: an XML declaration, no whitespace between elements, double quotes, the canonical
 * namespace spellings, and an {@code xmlns} attribute only where the vocabulary changes ({@code <SyncML
 * xmlns="SYNCML:SYNCML1.2">}, {@code <Type xmlns="syncml:metinf">}, {@code <MgmtTree xmlns="syncml:dmddf1.2">}).
 * Text escapes {@code & < >} and carriage returns, so that a round trip through any XML parser keeps every
 * character.
 */
public final class SyncMlXmlWriter implements ElementSink {
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private final StringBuilder sb = new StringBuilder(512);
    private final int[] pages = new int[256];
    private int depth;

    private SyncMlXmlWriter() {
        sb.append(DECLARATION);
    }

    public static byte[] write(SyncMl msg) {
        SyncMlXmlWriter w = new SyncMlXmlWriter();
        MessageEmitter.emit(msg, w);
        return w.sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String writeString(SyncMl msg) {
        SyncMlXmlWriter w = new SyncMlXmlWriter();
        MessageEmitter.emit(msg, w);
        return w.sb.toString();
    }

    public static byte[] writeDdf(Element root) {
        SyncMlXmlWriter w = new SyncMlXmlWriter();
        MessageEmitter.emit(root, w);
        return w.sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void open(Tag tag, boolean empty) {
        sb.append('<').append(tag.xmlName());
        int parentPage = depth == 0 ? -1 : pages[depth - 1];
        if (tag.page() != parentPage) {
            sb.append(" xmlns=\"").append(tag.namespace()).append('"');
        }
        if (empty) {
            sb.append("/>");
        } else {
            sb.append('>');
            if (depth == pages.length) {
                throw new IllegalArgumentException("message nests deeper than " + pages.length + " elements");
            }
            pages[depth++] = tag.page();
        }
    }

    @Override
    public void start(Tag tag) {
        open(tag, false);
    }

    @Override
    public void empty(Tag tag) {
        open(tag, true);
    }

    @Override
    public void text(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException(
                                "text contains U+" + String.format("%04X", (int) c) + ", which XML 1.0 cannot carry");
                    }
                    if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            throw new IllegalArgumentException("text contains an unpaired surrogate");
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    @Override
    public void opaque(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            text(s);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "opaque data is not UTF-8 text; XML can carry binary values only as b64", e);
        }
    }

    @Override
    public void end(Tag tag) {
        depth--;
        sb.append("</").append(tag.xmlName()).append('>');
    }
}
