/**
 * Crash-safe persistence of the device's management tree: {@link io.trustdm.tree.store.TreeStore} writes a
 * checksummed snapshot after every committed change (temporary file, fsync, atomic rename, fsync of the directory),
 * with secret leaves (DMAcc {@code AAuthSecret}, {@code AAuthData} and any leaf without Get) sealed by AES-GCM under
 * the {@link io.trustdm.tree.store.DeviceKey}. Nothing here knows about sessions or servers.
 */
package io.trustdm.tree.store;
