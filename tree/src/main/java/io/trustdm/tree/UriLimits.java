package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;

/**
 * The URI limits a device publishes in {@code ./DevDetail/URI}: the most segments ({@code MaxDepth}), the most
 * characters of a whole URI including its query ({@code MaxTotLen}) and of one segment ({@code MaxSegLen}). Each is a
 * 16-bit unsigned number and {@code 0} means "no limit published". Lengths are counted on the canonical
 * {@code ./}-rooted form with escapes, the form in which the device reports URIs.
 *
 * <p>Whatever is published, two safety ceilings always hold so that a hostile URI can never make the tree recurse
 * without bound or hold huge strings: {@value #CEILING_DEPTH} segments and {@value #CEILING_TOTAL_LENGTH} characters.
 */
public record UriLimits(int maxDepth, int maxTotLen, int maxSegLen) {

    /** The deepest URI the tree ever accepts, whatever MaxDepth says. */
    public static final int CEILING_DEPTH = 255;

    /** The longest URI the tree ever accepts, whatever MaxTotLen says (the largest 16-bit value). */
    public static final int CEILING_TOTAL_LENGTH = 65535;

    /** Defaults that fit every standard MO with room to spare. */
    public static final UriLimits DEFAULT = new UriLimits(20, 1024, 128);

    /** No published limit; only the ceilings apply. */
    public static final UriLimits UNLIMITED = new UriLimits(0, 0, 0);

    public UriLimits {
        check("maxDepth", maxDepth);
        check("maxTotLen", maxTotLen);
        check("maxSegLen", maxSegLen);
    }

    private static void check(String name, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be a 16-bit unsigned number: " + v);
        }
    }

    /** The depth limit actually enforced. */
    public int effectiveDepth() {
        return maxDepth == 0 ? CEILING_DEPTH : Math.min(maxDepth, CEILING_DEPTH);
    }

    /** The total-length limit actually enforced. */
    public int effectiveTotalLength() {
        return maxTotLen == 0 ? CEILING_TOTAL_LENGTH : maxTotLen;
    }

    /** Throws 414 when {@code uri} breaks one of the limits. */
    public void check(DmUri uri) {
        if (uri.depth() > effectiveDepth()) {
            throw new DmUriException(
                    StatusCode.URI_TOO_LONG, "URI has " + uri.depth() + " segments, limit " + effectiveDepth());
        }
        String text = uri.toString();
        if (text.length() > effectiveTotalLength()) {
            throw new DmUriException(
                    StatusCode.URI_TOO_LONG,
                    "URI has " + text.length() + " characters, limit " + effectiveTotalLength());
        }
        if (maxSegLen != 0) {
            for (String segment : uri.segments()) {
                int len = DmUri.escapeSegment(segment).length();
                if (len > maxSegLen) {
                    throw new DmUriException(
                            StatusCode.URI_TOO_LONG, "URI segment has " + len + " characters, limit " + maxSegLen);
                }
            }
        }
    }

    /** Throws 414 when a single node name is longer than MaxSegLen allows. */
    public void checkSegment(String name) {
        if (maxSegLen != 0 && DmUri.escapeSegment(name).length() > maxSegLen) {
            throw new DmUriException(StatusCode.URI_TOO_LONG, "node name longer than MaxSegLen " + maxSegLen);
        }
    }
}
