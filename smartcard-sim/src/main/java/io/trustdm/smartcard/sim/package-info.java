/**
 * Test-side smartcards that serve a TrustDM card image: {@link io.trustdm.smartcard.sim.BootstrapCardApplet} (a Java
 * Card applet with a small PKCS#15 file system and issuer personalisation), {@link
 * io.trustdm.smartcard.sim.SimulatedCardTerminal} (the applet on jcardsim behind a {@code javax.smartcardio}
 * terminal), {@link io.trustdm.smartcard.sim.CardPersonaliser} (writes an image with ISO 7816 APDUs) and {@link
 * io.trustdm.smartcard.sim.VpcdCard} (the same card for pcscd's virtual reader driver vpcd).
 */
package io.trustdm.smartcard.sim;
