package io.trustdm.protocol.codec;

/** A writer of elements in some encoding; the mirror of {@link ElementSource}. */
public interface ElementSink {
    void start(Tag tag);

    /** An element without content, written {@code <Final/>} or as the bare WBXML token. */
    void empty(Tag tag);

    void text(String text);

    /** Opaque bytes: WBXML OPAQUE; XML writes them as UTF-8 text and fails if they are not valid UTF-8. */
    void opaque(byte[] bytes);

    void end(Tag tag);
}
