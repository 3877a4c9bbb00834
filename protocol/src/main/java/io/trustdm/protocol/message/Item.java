package io.trustdm.protocol.message;

/**
 * One item of a command: the node it addresses ({@code target}) or reports on ({@code source}), its Meta, its
 * value, and whether more chunks of a large object follow ({@code moreData}). Every field may be {@code null}: UI
 * alerts use an empty first Item.
 */
public record Item(Target target, Source source, Meta meta, ItemData data, boolean moreData) {

    public static final Item EMPTY = new Item(null, null, null, null, false);

    public static Item target(String locUri) {
        return new Item(Target.of(locUri), null, null, null, false);
    }

    public static Item targetWithData(String locUri, Meta meta, String text) {
        return new Item(Target.of(locUri), null, meta, ItemData.text(text), false);
    }

    public static Item sourceWithData(String locUri, Meta meta, String text) {
        return new Item(null, Source.of(locUri), meta, ItemData.text(text), false);
    }

    public static Item data(String text) {
        return new Item(null, null, null, ItemData.text(text), false);
    }

    public Item withMoreData(boolean more) {
        return new Item(target, source, meta, data, more);
    }
}
