/**
 * SyncML DM as XML: a reader over one hardened StAX factory ({@link io.trustdm.protocol.xml.HardenedXml}: no DTD
 * processing, no external entities, bounded sizes) and a writer of compact canonical XML.
 */
package io.trustdm.protocol.xml;
