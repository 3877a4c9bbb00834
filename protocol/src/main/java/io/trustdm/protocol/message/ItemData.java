package io.trustdm.protocol.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Content of an Item: character data, opaque bytes (WBXML OPAQUE, e.g. a {@code bin} value or a nested WBXML
 * document), or embedded markup (a TNDS/DDF tree in code page 2).
 *
 * <p>XML cannot carry arbitrary bytes: the XML writer writes {@link Opaque} as text when it is valid UTF-8 and fails
 * otherwise, so {@code Opaque} survives a round trip only through WBXML.
 */
public sealed interface ItemData permits ItemData.Text, ItemData.Opaque, ItemData.Markup {

    static Text text(String s) {
        return new Text(s);
    }

    static Opaque opaque(byte[] bytes) {
        return new Opaque(bytes);
    }

    /** The content as text: UTF-8 for opaque bytes, the canonical XML for markup. */
    String asText();

    /** Character data, as found in STR_I/STR_T or XML text. */
    record Text(String value) implements ItemData {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String asText() {
            return value;
        }
    }

    /** Raw bytes from a WBXML OPAQUE token. */
    final class Opaque implements ItemData {
        private final byte[] bytes;

        public Opaque(byte[] bytes) {
            this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        @Override
        public String asText() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return bytes.length <= 64
                    ? "Opaque[" + HexFormat.of().formatHex(bytes) + "]"
                    : "Opaque[" + bytes.length + " bytes]";
        }
    }

    /** An element tree carried inside Data, such as a TNDS {@code MgmtTree}. */
    record Markup(Element root) implements ItemData {
        public Markup {
            Objects.requireNonNull(root, "root");
        }

        @Override
        public String asText() {
            return root.toString();
        }
    }
}
