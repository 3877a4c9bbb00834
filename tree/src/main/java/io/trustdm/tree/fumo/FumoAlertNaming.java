package io.trustdm.tree.fumo;

/**
 * How the Generic Alert Type of a FUMO result is spelled. Two spellings exist in the field, so the device picks the
 * one its servers expect:
 *
 * <ul>
 *   <li>{@link #REVERSED_DOMAIN}: {@code org.openmobilealliance.dm.firmwareupdate.downloadandupdate}, the names in the
 *       FUMO 1.0 text (protocol.md §4.7), used by deployed clients and in fixture F10; the default;
 *   <li>{@link #URN}: {@code urn:oma:at:fumo:1.0:downloadandupdate}, the OMNA alert-type URN style.
 * </ul>
 *
 * Servers should accept both (protocol.md §2.10).
 */
public enum FumoAlertNaming {
    REVERSED_DOMAIN("org.openmobilealliance.dm.firmwareupdate."),
    URN("urn:oma:at:fumo:1.0:");

    private final String prefix;

    FumoAlertNaming(String prefix) {
        this.prefix = prefix;
    }

    /** The alert type reporting the result of {@code operation}. */
    public String alertType(FumoOperation operation) {
        return prefix + operation.alertSuffix();
    }
}
