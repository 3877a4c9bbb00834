package io.trustdm.tree;

import java.util.Optional;

/**
 * The run-time properties of a node (OMA DM TND §8.3). No property can be added or deleted; only {@link #ACL},
 * {@link #NAME} and {@link #TITLE} take Replace, the others are maintained by the device. ACL, Format, Name and Type
 * MUST be supported; Size, Title, TStamp and VerNo are optional, and a device may switch them off (a Get of a switched
 * off property answers 406).
 */
public enum NodeProperty {
    ACL("ACL", true, true),
    FORMAT("Format", true, false),
    NAME("Name", true, true),
    SIZE("Size", false, false),
    TITLE("Title", false, true),
    TSTAMP("TStamp", false, false),
    TYPE("Type", true, false),
    VERNO("VerNo", false, false);

    private final String wireName;
    private final boolean mandatory;
    private final boolean replaceable;

    NodeProperty(String wireName, boolean mandatory, boolean replaceable) {
        this.wireName = wireName;
        this.mandatory = mandatory;
        this.replaceable = replaceable;
    }

    /** The name used in {@code ?prop=} and in TNDS {@code RTProperties}. */
    public String wireName() {
        return wireName;
    }

    /** True for the properties every device MUST support. */
    public boolean mandatory() {
        return mandatory;
    }

    /** True when a server may change the property with {@code Replace ...?prop=}. */
    public boolean replaceable() {
        return replaceable;
    }

    /** The property with this exact (case-sensitive) name. */
    public static Optional<NodeProperty> byWireName(String name) {
        for (NodeProperty p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
