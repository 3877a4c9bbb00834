/** Run-time log configuration of the {@code trustdm} command: text or JSON lines, level of TrustDM's loggers. */
package io.trustdm.cli.logging;
