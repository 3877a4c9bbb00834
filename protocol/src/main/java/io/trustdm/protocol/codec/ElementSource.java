package io.trustdm.protocol.codec;

/**
 * A pull parser over the elements of one document, independent of its encoding. Adjacent character data pieces
 * (XML text and CDATA; WBXML STR_I, STR_T, ENTITY, OPAQUE) arrive as one {@link Event#TEXT} event. Implementations
 * enforce the depth and element-count limits.
 */
public interface ElementSource {

    /** What {@link #next()} found. */
    enum Event {
        START,
        END,
        TEXT,
        EOF
    }

    Event next();

    /** The element just started (after START) or ended (after END). */
    Tag tag();

    /** The character data of a TEXT event; for opaque bytes, their UTF-8 decoding (strict). */
    String text();

    /** The raw bytes of a TEXT event that contained OPAQUE data, else {@code null}. */
    byte[] opaque();

    /** An error located at the current position. */
    SyncMlFormatException error(String message, int status);
}
