/**
 * A firmware update management object (OMA FUMO 1.0) as a {@link io.trustdm.tree.ManagementObjectPlugin}: the
 * {@code ./FUMO/<x>} subtree, its State machine, Exec on Download, Update and DownloadAndUpdate answered with 202 and
 * completed asynchronously by a device-supplied {@link io.trustdm.tree.fumo.FirmwareAgent}, and the result reported
 * as everything a Generic Alert (1226) needs.
 */
package io.trustdm.tree.fumo;
