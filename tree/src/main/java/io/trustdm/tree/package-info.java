/**
 * The device-side OMA DM management tree: URIs ({@link io.trustdm.tree.DmUri}), nodes with their run-time
 * properties and formats, the execution of DM commands on single items with Management Trust enforced by ACL
 * ({@link io.trustdm.tree.ManagementTree}), transactions for Atomic ({@link io.trustdm.tree.TreeTransaction}), TNDS
 * import and export ({@link io.trustdm.tree.Tnds}), and the plug-in SPI through which device code owns parts of the
 * tree ({@link io.trustdm.tree.ManagementObjectPlugin}). {@link io.trustdm.tree.TreeCommands} adapts protocol
 * commands and items to the tree.
 *
 * <p>The tree is in memory; {@link io.trustdm.tree.store.TreeStore} persists it crash-safely.
 */
package io.trustdm.tree;
