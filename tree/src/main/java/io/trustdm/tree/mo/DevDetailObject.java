package io.trustdm.tree.mo;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.UriLimits;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./DevDetail} (StdObj §7.1.3.3, {@value io.trustdm.tree.MoIdentifiers#DEVDETAIL}): device details read on
 * demand. {@code URI/MaxDepth}, {@code MaxTotLen} and {@code MaxSegLen} are taken from the tree's own
 * {@link UriLimits}, so what the device publishes is exactly what it enforces: depth and total length as enforced
 * (the safety ceilings when no limit is configured), segment length as configured ({@code 0}: none). {@code LrgObj} is {@code bool} and MUST
 * be {@code true} when the client supports large objects. Installed permanent, {@code Get=*}, read-only.
 *
 * @param devTyp device type, e.g. {@code phone}
 * @param oem    original equipment manufacturer
 * @param fwV    firmware version
 * @param swV    software version
 * @param hwV    hardware version
 * @param lrgObj whether the client supports large objects
 */
public record DevDetailObject(String devTyp, String oem, String fwV, String swV, String hwV, boolean lrgObj) {
    /** Where the object lives. */
    public static final String URI = "./DevDetail";

    public DevDetailObject {
        MoNodes.require(devTyp, "DevTyp");
        oem = oem == null ? "" : oem;
        fwV = fwV == null ? "" : fwV;
        swV = swV == null ? "" : swV;
        hwV = hwV == null ? "" : hwV;
    }

    /** Creates the object in {@code tree}, publishing the tree's URI limits. */
    public void install(ManagementTree tree) {
        UriLimits limits = tree.uriLimits();
        tree.define(URI, MoNodes.readOnlyInterior(MoIdentifiers.DEVDETAIL).withAcl(Acl.anyServer(AclCommand.GET)));
        tree.define(URI + "/URI", MoNodes.readOnlyInterior(null));
        tree.define(URI + "/URI/MaxDepth", MoNodes.readOnlyText(Integer.toString(limits.effectiveDepth())));
        tree.define(URI + "/URI/MaxTotLen", MoNodes.readOnlyText(Integer.toString(limits.effectiveTotalLength())));
        tree.define(URI + "/URI/MaxSegLen", MoNodes.readOnlyText(Integer.toString(limits.maxSegLen())));
        tree.define(URI + "/DevTyp", MoNodes.readOnlyText(devTyp));
        tree.define(URI + "/OEM", MoNodes.readOnlyText(oem));
        tree.define(URI + "/FwV", MoNodes.readOnlyText(fwV));
        tree.define(URI + "/SwV", MoNodes.readOnlyText(swV));
        tree.define(URI + "/HwV", MoNodes.readOnlyText(hwV));
        tree.define(
                URI + "/LrgObj",
                NodeDefinition.leaf(
                                NodeFormat.BOOL,
                                "text/plain",
                                Boolean.toString(lrgObj).getBytes(StandardCharsets.UTF_8))
                        .asPermanent()
                        .withAccessTypes(AccessType.only(AccessType.GET)));
    }
}
