/**
 * Access control lists of the management tree (OMA DM TND §8.3.7.1): the {@link io.trustdm.tree.acl.Acl} value,
 * its grammar, and the commands it can grant. Evaluation against a node's ancestors (inheritance) and the rule of
 * which right each command needs on which node live in {@link io.trustdm.tree.ManagementTree}, the single place
 * where Management Trust is enforced.
 */
package io.trustdm.tree.acl;
