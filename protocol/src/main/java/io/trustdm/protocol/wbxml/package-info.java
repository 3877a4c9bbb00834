/**
 * WBXML 1.1–1.3 for SyncML DM: {@link io.trustdm.protocol.wbxml.WbxmlDecoder} reads what libwbxml, Horde and device
 * toolkits write (numeric or string-table public identifier, STR_I, STR_T, OPAQUE, lazy code-page switches);
 * {@link io.trustdm.protocol.wbxml.WbxmlEncoder} writes WBXML 1.2 by default.
 */
package io.trustdm.protocol.wbxml;
