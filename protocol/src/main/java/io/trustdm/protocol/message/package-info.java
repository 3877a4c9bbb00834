/**
 * Immutable model of a SyncML DM message as OMA DM 1.2 uses it: {@link io.trustdm.protocol.message.SyncMl} holds
 * a {@link io.trustdm.protocol.message.SyncHdr} and a {@link io.trustdm.protocol.message.SyncBody} whose commands
 * form the sealed {@link io.trustdm.protocol.message.Command} hierarchy.
 *
 * <p>The model is deliberately faithful to the wire: identifiers such as CmdID, MsgID and SessionID stay strings, so
 * that decoding and re-encoding never changes what a peer sent. Optional elements are {@code null}; repeated
 * elements are never-null immutable lists. Nothing here knows about XML or WBXML; the codecs live in
 * {@code io.trustdm.protocol.xml} and {@code io.trustdm.protocol.wbxml}.
 */
package io.trustdm.protocol.message;
