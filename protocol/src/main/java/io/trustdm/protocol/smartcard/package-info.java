/**
 * The smartcard layout that carries a bootstrap (DM Bootstrap smartcard appendix, PKCS#15 pattern): a PKCS#15
 * application whose ODF points to a DODF, whose data object with the DM bootstrap OID points to the EF holding the
 * WBXML bootstrap document. {@link io.trustdm.protocol.smartcard.BootstrapCardLayout} fixes the identifiers,
 * {@link io.trustdm.protocol.smartcard.CardImage} is the file set a card is personalised with, and
 * {@link io.trustdm.protocol.smartcard.Pkcs15} reads and writes the ODF and DODF records. Pure data: no card I/O here.
 */
package io.trustdm.protocol.smartcard;
