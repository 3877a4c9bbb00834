/**
 * What the XML and WBXML codecs share: the element vocabulary ({@link io.trustdm.protocol.codec.Tag}), the decode
 * limits, the typed format errors, and the single mapping between element events and the message model
 * ({@link io.trustdm.protocol.codec.MessageBinder} reads, {@link io.trustdm.protocol.codec.MessageEmitter} writes).
 * Because both encodings go through the same mapping, XML and WBXML can never disagree about what a message means.
 * {@link io.trustdm.protocol.codec.SyncMlCodec} is the entry point applications use.
 */
package io.trustdm.protocol.codec;
