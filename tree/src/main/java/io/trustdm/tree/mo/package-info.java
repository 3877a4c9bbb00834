/**
 * Builders for the standard management objects every DM 1.2 device carries (OMA DM StdObj §7.1.3): DevInfo,
 * DevDetail, DMAcc accounts and the Inbox, each installed with the node formats, permanence, access types and ACLs
 * the specifications require.
 */
package io.trustdm.tree.mo;
