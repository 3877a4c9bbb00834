package io.trustdm.tree;

/** Identifiers of the standard management objects, as found in the Type property of their root nodes. */
public final class MoIdentifiers {
    public static final String DEVINFO = "urn:oma:mo:oma-dm-devinfo:1.0";
    public static final String DEVDETAIL = "urn:oma:mo:oma-dm-devdetail:1.0";
    public static final String DMACC = "urn:oma:mo:oma-dm-dmacc:1.0";
    public static final String INBOX = "urn:oma:mo:oma-dm-inbox:1.0";
    public static final String FUMO = "urn:oma:mo:oma-fumo:1.0";

    private MoIdentifiers() {}
}
