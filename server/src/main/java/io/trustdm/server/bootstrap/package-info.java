/**
 * Bootstrap (OMA-TS-DM_Bootstrap, DM Security §5.11.2 as changed): per-device DM accounts with fresh secrets, the
 * Plain profile (a WBXML DM package adding {@code ./DMAcc/<x>}) and the CP profile (a w7 provisioning document),
 * optional SEC/MAC on top, and delivery ONLY over a Secure Transport — decided by
 * {@code BootstrapTransportPolicy}, never by configuration alone.
 */
package io.trustdm.server.bootstrap;
