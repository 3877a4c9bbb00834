package io.trustdm.tree;

import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Source;
import java.util.Base64;
import java.util.Objects;

/**
 * One thing a Get read: the URI it was read from (with any query), the Format and Type to report, and the Data
 * ({@code null} for {@code ?list=Struct} entries). Binary values are {@link ItemData.Opaque}; TNDS answers are
 * {@link ItemData.Markup}.
 */
public record ResultItem(String sourceUri, String format, String type, ItemData data) {
    public ResultItem {
        Objects.requireNonNull(sourceUri, "sourceUri");
    }

    /**
     * The Results item for this value. Meta carries Format and Type only where they differ from the defaults
     * ({@code chr}, {@code text/plain}). Binary data goes out as opaque octets with Format {@code bin} when
     * {@code opaqueBinary} (WBXML), otherwise as base64 text with Format {@code b64} (XML cannot carry raw octets).
     */
    public Item toItem(boolean opaqueBinary) {
        String f = format;
        ItemData d = data;
        if (d instanceof ItemData.Opaque o && !opaqueBinary) {
            d = ItemData.text(Base64.getEncoder().encodeToString(o.bytes()));
            f = NodeFormat.B64.wireName();
        }
        Meta.Builder mb = Meta.builder();
        boolean any = false;
        if (f != null && !f.equals(NodeFormat.CHR.wireName())) {
            mb.format(f);
            any = true;
        }
        if (type != null && !type.isEmpty() && !type.equals("text/plain")) {
            mb.type(type);
            any = true;
        }
        return new Item(null, Source.of(sourceUri), any ? mb.build() : null, d, false);
    }

    /** The text of the value, for text formats; {@code null} when there is no data. */
    public String text() {
        return data == null ? null : data.asText();
    }

    /** Never prints the data: the device may have read a secret for itself. */
    @Override
    public String toString() {
        return "ResultItem[" + sourceUri + " format=" + format + " type=" + type + " data="
                + (data == null ? "none" : "present") + "]";
    }
}
