package io.trustdm.server.store;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import java.util.List;

/**
 * How commands, Results items and alerts are kept in a column: as a WBXML SyncML message holding them. The protocol
 * codec is the one place that knows the content models, WBXML keeps opaque values byte for byte (XML could not), and
 * the stored form is what a Device would see.
 */
final class StoredCommands {
    private static final SyncMlCodec CODEC = SyncMlCodec.defaults();
    private static final SyncHdr HEADER = SyncHdr.builder()
            .sessionId("0")
            .msgId("1")
            .target(Target.of("trustdm:store"))
            .source(Source.of("trustdm:store"))
            .build();

    private StoredCommands() {}

    static byte[] encode(List<? extends Command> commands) {
        return CODEC.encode(new SyncMl(HEADER, new SyncBody(List.copyOf(commands), true)), Encoding.WBXML);
    }

    static List<Command> decode(byte[] stored) {
        return CODEC.decode(stored, Encoding.WBXML).body().commands();
    }

    static byte[] encodeItems(List<Item> items) {
        return encode(List.of(new Results("1", "1", "1", null, null, null, items)));
    }

    static List<Item> decodeItems(byte[] stored) {
        if (stored == null) {
            return List.of();
        }
        return ((Results) decode(stored).get(0)).items();
    }
}
