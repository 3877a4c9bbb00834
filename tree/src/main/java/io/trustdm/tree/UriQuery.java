package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The query part of a management-tree URI: none, {@code ?prop=<Property>} or {@code ?list=<attribute>} (OMA DM TND
 * §8.3.3 and §8.4).
 */
public sealed interface UriQuery permits UriQuery.None, UriQuery.Prop, UriQuery.ListStruct, UriQuery.ListTnds {

    /** The query as written after {@code ?}, or the empty string for {@link None}. */
    String text();

    /** No query. */
    enum None implements UriQuery {
        INSTANCE;

        @Override
        public String text() {
            return "";
        }
    }

    /** {@code ?prop=<Property>}: one property of the node. */
    record Prop(NodeProperty property) implements UriQuery {
        public Prop {
            Objects.requireNonNull(property, "property");
        }

        @Override
        public String text() {
            return "prop=" + property.wireName();
        }
    }

    /** {@code ?list=Struct} (structure only) or {@code ?list=StructData} (structure and leaf values). */
    record ListStruct(boolean withData) implements UriQuery {
        @Override
        public String text() {
            return withData ? "list=StructData" : "list=Struct";
        }
    }

    /**
     * {@code ?list=TNDS}, optionally followed by {@code +Prop+Prop} (only these) or {@code -Prop-Prop} (all but these);
     * the selectable names are the run-time properties plus {@code Value}.
     *
     * @param properties the properties to include in the TNDS answer
     * @param value      whether leaf values are included
     * @param spelling   the selection exactly as written after {@code TNDS} (kept so the URI prints as received)
     */
    record ListTnds(Set<NodeProperty> properties, boolean value, String spelling) implements UriQuery {
        /** Everything: {@code ?list=TNDS}. */
        public static final ListTnds ALL = new ListTnds(EnumSet.allOf(NodeProperty.class), true, "");

        public ListTnds {
            properties = properties.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(properties));
            Objects.requireNonNull(spelling, "spelling");
        }

        @Override
        public String text() {
            return "list=TNDS" + spelling;
        }

        static ListTnds parse(String selection) {
            if (selection.isEmpty()) {
                return ALL;
            }
            char sign = selection.charAt(0);
            if (sign != '+' && sign != '-') {
                throw new DmUriException(
                        StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "unsupported list attribute TNDS" + selection);
            }
            EnumSet<NodeProperty> named = EnumSet.noneOf(NodeProperty.class);
            boolean valueNamed = false;
            int i = 0;
            while (i < selection.length()) {
                char c = selection.charAt(i);
                if (c != sign) {
                    throw new DmUriException(StatusCode.BAD_REQUEST, "'+' and '-' cannot be mixed in ?list=TNDS");
                }
                int end = i + 1;
                while (end < selection.length() && selection.charAt(end) != '+' && selection.charAt(end) != '-') {
                    end++;
                }
                String name = selection.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new DmUriException(StatusCode.BAD_REQUEST, "empty property name in ?list=TNDS");
                }
                if (name.equals("Value")) {
                    valueNamed = true;
                } else {
                    named.add(NodeProperty.byWireName(name)
                            .orElseThrow(() -> new DmUriException(
                                    StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED,
                                    "unsupported property in ?list=TNDS: " + name)));
                }
                i = end;
            }
            if (sign == '+') {
                return new ListTnds(named, valueNamed, selection);
            }
            EnumSet<NodeProperty> all = EnumSet.allOf(NodeProperty.class);
            all.removeAll(named);
            return new ListTnds(all, !valueNamed, selection);
        }
    }

    /** Parses the text after {@code ?}. */
    static UriQuery parse(String q) {
        if (q.startsWith("prop=")) {
            String name = q.substring(5);
            if (name.isEmpty()) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "?prop= without a property name");
            }
            return new Prop(NodeProperty.byWireName(name)
                    .orElseThrow(() -> new DmUriException(
                            StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "unsupported property: " + name)));
        }
        if (q.startsWith("list=")) {
            String attr = q.substring(5);
            if (attr.equals("Struct")) {
                return new ListStruct(false);
            }
            if (attr.equals("StructData")) {
                return new ListStruct(true);
            }
            if (attr.startsWith("TNDS")) {
                return ListTnds.parse(attr.substring(4));
            }
            if (attr.isEmpty()) {
                throw new DmUriException(StatusCode.BAD_REQUEST, "?list= without an attribute");
            }
            throw new DmUriException(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "unsupported list attribute: " + attr);
        }
        throw new DmUriException(StatusCode.BAD_REQUEST, "unknown URI query: ?" + q);
    }
}
