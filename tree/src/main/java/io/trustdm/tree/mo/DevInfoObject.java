package io.trustdm.tree.mo;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.util.regex.Pattern;

/**
 * {@code ./DevInfo} (StdObj §7.1.3.2, {@value io.trustdm.tree.MoIdentifiers#DEVINFO}): the identity the client sends
 * at the start of every session. Installed permanent, readable by every server ({@code Get=*}) and writable by none;
 * the device changes values (e.g. Lang) as {@link io.trustdm.tree.Principal#LOCAL}.
 *
 * @param devId unique device id, a URN such as {@code IMEI:490154203237518}
 * @param man   manufacturer
 * @param mod   model
 * @param dmV   DM client version
 * @param lang  current language, an RFC 1766 tag such as {@code en-US}
 * @param ext   whether to create the (empty) {@code Ext} node for vendor extensions
 */
public record DevInfoObject(String devId, String man, String mod, String dmV, String lang, boolean ext) {
    /** Where the object lives. */
    public static final String URI = "./DevInfo";

    private static final Pattern URN_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9.+-]*:\\S+");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");

    public DevInfoObject {
        MoNodes.require(devId, "DevId");
        if (!URN_LIKE.matcher(devId).matches()) {
            throw new IllegalArgumentException("DevId must be a URN such as IMEI:<digits>");
        }
        MoNodes.require(man, "Man");
        MoNodes.require(mod, "Mod");
        MoNodes.require(dmV, "DmV");
        MoNodes.require(lang, "Lang");
        if (!LANG.matcher(lang).matches()) {
            throw new IllegalArgumentException("Lang must be an RFC 1766 language tag");
        }
    }

    /** Creates the object in {@code tree}. */
    public void install(ManagementTree tree) {
        tree.define(URI, MoNodes.readOnlyInterior(MoIdentifiers.DEVINFO).withAcl(Acl.anyServer(AclCommand.GET)));
        tree.define(URI + "/DevId", MoNodes.readOnlyText(devId));
        tree.define(URI + "/Man", MoNodes.readOnlyText(man));
        tree.define(URI + "/Mod", MoNodes.readOnlyText(mod));
        tree.define(URI + "/DmV", MoNodes.readOnlyText(dmV));
        tree.define(URI + "/Lang", MoNodes.readOnlyText(lang));
        if (ext) {
            tree.define(
                    URI + "/Ext", NodeDefinition.interior(null).asPermanent().withAccessTypes(AccessType.all()));
        }
    }
}
