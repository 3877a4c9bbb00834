/**
 * OBEX framing for the SyncML DM OBEX binding: packets, headers, the codec that turns them into bytes and back
 * (bounded, fuzz-safe: every malformed frame ends in {@link io.trustdm.protocol.obex.ObexFormatException}), and the
 * binding's facts (Target {@code SYNCML-DM}, DM media types, the {@code x-syncml-hmac} carried in the OBEX HTTP
 * header). No sockets here: the client and server modules own the connections.
 */
package io.trustdm.protocol.obex;
