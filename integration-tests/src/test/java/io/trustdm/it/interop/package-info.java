/**
 * Interoperability of TrustDM's SyncML DM codec with independent WBXML codecs run as real programs: libwbxml's
 * {@code xml2wbxml}/{@code wbxml2xml} and Horde_Xml_Wbxml (PHP). Every corpus message goes through each peer in both
 * directions and must keep its meaning, judged by a comparator that does not use TrustDM's XML reader.
 */
package io.trustdm.it.interop;
