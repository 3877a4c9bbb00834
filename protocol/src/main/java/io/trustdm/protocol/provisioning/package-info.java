/**
 * The OMA Client Provisioning document ({@code wap-provisioningdoc}, PROV 1.0) that carries a DM bootstrap in the
 * CP profile: an immutable model ({@link io.trustdm.protocol.provisioning.ProvisioningDocument},
 * {@link io.trustdm.protocol.provisioning.Characteristic}, {@link io.trustdm.protocol.provisioning.Parm}), its XML
 * reader and writer, its WBXML decoder and encoder (public identifier 0x0B, tag and attribute code pages 0 and 1),
 * and the typed view {@link io.trustdm.protocol.provisioning.W7Application} of the DM account (APPID {@code w7})
 * with its mapping onto {@code ./DMAcc/<x>}.
 *
 * <p>The WBXML token tables were probed from libwbxml 0.11.8; the probe script and its output live in the test
 * resources ({@code provisioning/probe/}) and a test checks the tables here against that output. Deciding whether a
 * bootstrap may be accepted (SEC/MAC, transport, existing accounts) is not done here.
 */
package io.trustdm.protocol.provisioning;
