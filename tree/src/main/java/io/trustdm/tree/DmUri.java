package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The address of a node in the management tree, relative to the device root (OMA DM TND §8.1): {@code .} is the
 * root, {@code ./A/B} and {@code A/B} name the same node, and an optional {@code ?prop=} or {@code ?list=} query
 * follows. Instances hold decoded node names, so equal URIs are equal objects whatever spelling the server used.
 *
 * <p>Rules enforced by {@link #parse}: no trailing {@code /}, no empty segment, {@code ./} only as the leading prefix
 * (400); no {@code ..} segment and no leading {@code /}, which cannot be resolved (404); no control characters
 * (400). Matching is case-sensitive.
 *
 * <p>Escaping: a segment is written with {@code %XX} (UTF-8 octets) for the characters that would otherwise change
 * the URI's structure or cannot travel in XML: {@code %}, {@code /}, {@code ?} and control characters. Everything else
 * is written as is, so ordinary names look exactly as the server sent them. Reading decodes every {@code %XX}; a
 * {@code %} not followed by two hex digits, or octets that are not UTF-8, are malformed (400).
 */
public final class DmUri {
    /** The root node {@code .}. */
    public static final DmUri ROOT = new DmUri(List.of(), UriQuery.None.INSTANCE);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final List<String> segments;
    private final UriQuery query;

    private DmUri(List<String> segments, UriQuery query) {
        this.segments = segments;
        this.query = query;
    }

    /** Parses a URI, enforcing only the safety ceilings of {@link UriLimits}. */
    public static DmUri parse(String text) {
        return parse(text, UriLimits.UNLIMITED);
    }

    /**
     * Parses a URI as received in a LocURI and checks it against {@code limits}.
     *
     * @throws DmUriException with status 400, 404, 406 or 414
     */
    public static DmUri parse(String text, UriLimits limits) {
        if (text == null || text.isEmpty()) {
            throw new DmUriException(StatusCode.BAD_REQUEST, "empty URI");
        }
        if (text.length() > limits.effectiveTotalLength() + 2) {
            // +2: a relative spelling is two characters shorter than the canonical one checked below
            throw new DmUriException(StatusCode.URI_TOO_LONG, "URI longer than " + limits.effectiveTotalLength());
        }
        int q = text.indexOf('?');
        String path = q < 0 ? text : text.substring(0, q);
        UriQuery query = q < 0 ? UriQuery.None.INSTANCE : UriQuery.parse(text.substring(q + 1));
        List<String> segments = parsePath(path);
        DmUri uri = new DmUri(segments, query);
        limits.check(uri);
        return uri;
    }

    private static List<String> parsePath(String path) {
        if (path.equals(".")) {
            return List.of();
        }
        if (path.startsWith("/")) {
            throw new DmUriException(StatusCode.NOT_FOUND, "URI starts with '/', not a device-relative URI");
        }
        String rest = path.startsWith("./") ? path.substring(2) : path;
        if (rest.isEmpty()) {
            throw new DmUriException(StatusCode.BAD_REQUEST, "URI has no node name after './'");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = rest.indexOf('/', start);
            String raw = slash < 0 ? rest.substring(start) : rest.substring(start, slash);
            if (raw.isEmpty()) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "URI has an empty segment or ends with '/'");
            }
            if (raw.equals("..")) {
                throw new DmUriException(StatusCode.NOT_FOUND, "URI contains '..'");
            }
            if (raw.equals(".")) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "'.' is only allowed as the leading './'");
            }
            out.add(unescapeSegment(raw));
            if (out.size() > UriLimits.CEILING_DEPTH) {
                throw new DmUriException(StatusCode.URI_TOO_LONG, "URI deeper than " + UriLimits.CEILING_DEPTH);
            }
            if (slash < 0) {
                return List.copyOf(out);
            }
            start = slash + 1;
        }
    }

    /**
     * The URI made of these node names (decoded, not escaped).
     *
     * @throws DmUriException (400) when a name is empty, {@code .} or {@code ..}, or not valid Unicode
     */
    public static DmUri of(List<String> names) {
        for (String n : names) {
            checkName(n);
        }
        if (names.size() > UriLimits.CEILING_DEPTH) {
            throw new DmUriException(StatusCode.URI_TOO_LONG, "URI deeper than " + UriLimits.CEILING_DEPTH);
        }
        return new DmUri(List.copyOf(names), UriQuery.None.INSTANCE);
    }

    public static DmUri of(String... names) {
        return of(List.of(names));
    }

    /** Throws 400 unless {@code name} can name a node. */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new DmUriException(StatusCode.BAD_REQUEST, "invalid node name '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                    throw new DmUriException(StatusCode.BAD_REQUEST, "node name is not valid Unicode");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "node name is not valid Unicode");
            }
        }
    }

    /** The segment as written in a URI: {@code %}, {@code /}, {@code ?} and control characters as {@code %XX}. */
    public static String escapeSegment(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (mustEscape(c)) {
                if (sb == null) {
                    sb = new StringBuilder(name.length() + 8).append(name, 0, i);
                }
                sb.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? name : sb.toString();
    }

    private static boolean mustEscape(char c) {
        return c == '%' || c == '/' || c == '?' || c < 0x20 || c == 0x7F;
    }

    /**
     * Decodes one URI segment.
     *
     * @throws DmUriException (400) on a broken escape, octets that are not UTF-8, a raw control character, or a name
     *     that cannot name a node
     */
    public static String unescapeSegment(String raw) {
        int pct = raw.indexOf('%');
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "control character in URI");
            }
        }
        if (pct < 0) {
            checkName(raw);
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        ByteBuffer octets = ByteBuffer.allocate(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                octets.clear();
                while (i < raw.length() && raw.charAt(i) == '%') {
                    if (i + 2 >= raw.length()) {
                        throw new DmUriException(StatusCode.BAD_REQUEST, "truncated %-escape in URI");
                    }
                    int hi = Character.digit(raw.charAt(i + 1), 16);
                    int lo = Character.digit(raw.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw new DmUriException(StatusCode.BAD_REQUEST, "invalid %-escape in URI");
                    }
                    octets.put((byte) ((hi << 4) | lo));
                    i += 3;
                }
                octets.flip();
                try {
                    sb.append(StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(octets));
                } catch (CharacterCodingException e) {
                    throw new DmUriException(StatusCode.BAD_REQUEST, "%-escapes in URI are not UTF-8");
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        String name = sb.toString();
        checkName(name);
        return name;
    }

    /** The decoded node names from the root down; empty for the root. */
    public List<String> segments() {
        return segments;
    }

    /** Number of segments; 0 for the root. */
    public int depth() {
        return segments.size();
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last node name; {@code .} for the root. */
    public String name() {
        return segments.isEmpty() ? "." : segments.get(segments.size() - 1);
    }

    public UriQuery query() {
        return query;
    }

    public boolean hasQuery() {
        return !(query instanceof UriQuery.None);
    }

    /** This URI without its query. */
    public DmUri node() {
        return hasQuery() ? new DmUri(segments, UriQuery.None.INSTANCE) : this;
    }

    /** This URI with another query. */
    public DmUri withQuery(UriQuery q) {
        return new DmUri(segments, Objects.requireNonNull(q, "q"));
    }

    /** The parent node; the root has none. */
    public DmUri parent() {
        if (segments.isEmpty()) {
            throw new IllegalStateException("the root has no parent");
        }
        return new DmUri(segments.subList(0, segments.size() - 1), UriQuery.None.INSTANCE);
    }

    /** The child with this (decoded) name. */
    public DmUri child(String name) {
        checkName(name);
        if (segments.size() >= UriLimits.CEILING_DEPTH) {
            throw new DmUriException(StatusCode.URI_TOO_LONG, "URI deeper than " + UriLimits.CEILING_DEPTH);
        }
        List<String> s = new ArrayList<>(segments.size() + 1);
        s.addAll(segments);
        s.add(name);
        return new DmUri(List.copyOf(s), UriQuery.None.INSTANCE);
    }

    /** The URI of the node at {@code relative}'s segments below this one. */
    public DmUri resolve(DmUri relative) {
        DmUri u = this.node();
        for (String s : relative.segments) {
            u = u.child(s);
        }
        return u;
    }

    /** True when this node is {@code other} or lies below it (queries ignored). */
    public boolean isWithin(DmUri other) {
        if (other.segments.size() > segments.size()) {
            return false;
        }
        return segments.subList(0, other.segments.size()).equals(other.segments);
    }

    /** The canonical form: {@code .} or {@code ./A/B}, escaped, with the query if any. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(".");
        for (String s : segments) {
            sb.append('/').append(escapeSegment(s));
        }
        if (hasQuery()) {
            sb.append('?').append(query.text());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmUri other && segments.equals(other.segments) && query.equals(other.query);
    }

    @Override
    public int hashCode() {
        return segments.hashCode() * 31 + query.hashCode();
    }
}
