package io.trustdm.tree.mo;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;

/**
 * {@code ./Inbox} (StdObj §7.1.3.4, {@value io.trustdm.tree.MoIdentifiers#INBOX}): a drop box where a server (or a
 * bootstrap) Adds a management object without knowing where the device keeps it; the tree relocates the object by
 * its MO identifier (the Type of its root node) to the place registered with
 * {@link ManagementTree#registerInboxRoute}. Nothing is ever stored below the Inbox, and a Get on it or below answers
 * 405.
 *
 * <p>Its ACL is {@code Add=*}: any server may drop an object here, but the Add is then checked again, with all its
 * rules, at the object's destination, so the Inbox never widens anyone's rights.
 */
public final class InboxObject {
    /** Where the object lives. */
    public static final String URI = "./Inbox";

    private InboxObject() {}

    /** Creates the Inbox and routes DMAcc objects to {@code ./DMAcc}. */
    public static void install(ManagementTree tree) {
        tree.define(
                URI,
                NodeDefinition.interior(MoIdentifiers.INBOX)
                        .asPermanent()
                        .withAccessTypes(AccessType.only(AccessType.ADD))
                        .withAcl(Acl.anyServer(AclCommand.ADD)));
        tree.registerInboxRoute(MoIdentifiers.DMACC, DmAccount.CONTAINER);
    }
}
