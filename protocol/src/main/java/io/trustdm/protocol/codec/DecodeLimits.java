package io.trustdm.protocol.codec;

/**
 * Bounds on what a decoder accepts from a peer, so that hostile input fails fast instead of exhausting memory or
 * stack. The defaults fit any real DM message; MaxMsgSize negotiation happens at the session layer, below these.
 *
 * @param maxMessageBytes   largest encoded message (default 4 MiB); also bounds the text that WBXML string-table
 *                          references expand to
 * @param maxDepth          deepest element nesting (default 48: SyncML needs about 10, TNDS trees more)
 * @param maxElements       most elements in one message (default 100 000)
 * @param maxStringTableBytes largest WBXML string table (default 64 KiB)
 */
public record DecodeLimits(int maxMessageBytes, int maxDepth, int maxElements, int maxStringTableBytes) {

    public static final DecodeLimits DEFAULT = new DecodeLimits(4 * 1024 * 1024, 48, 100_000, 64 * 1024);

    /**
     * The deepest nesting a caller may allow. Binding, encoding and the model's own equals/hashCode/toString recurse
     * once per level: 250 levels decoded and encoded on a 256 KiB thread stack where 1000 overflowed it
     * (StackOverflowError), and the XML writer stops at 256.
     */
    public static final int MAX_DEPTH_CEILING = 256;

    public DecodeLimits {
        if (maxMessageBytes <= 0 || maxDepth <= 0 || maxElements <= 0 || maxStringTableBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxDepth > MAX_DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " exceeds " + MAX_DEPTH_CEILING
                    + ": deeper input could exhaust the stack");
        }
    }

    public DecodeLimits withMaxMessageBytes(int v) {
        return new DecodeLimits(v, maxDepth, maxElements, maxStringTableBytes);
    }

    public DecodeLimits withMaxDepth(int v) {
        return new DecodeLimits(maxMessageBytes, v, maxElements, maxStringTableBytes);
    }

    public DecodeLimits withMaxElements(int v) {
        return new DecodeLimits(maxMessageBytes, maxDepth, v, maxStringTableBytes);
    }

    public DecodeLimits withMaxStringTableBytes(int v) {
        return new DecodeLimits(maxMessageBytes, maxDepth, maxElements, v);
    }
}
