package io.trustdm.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlRepresentationTest {
    @Test
    void binary_opaque_data_becomes_b64_text_and_text_stays() {
        Item bin = new Item(
                Target.of("./a/AAuthData"),
                null,
                Meta.ofFormatAndType("bin", null),
                ItemData.opaque(new byte[] {0, (byte) 0xFF, 1}),
                false);
        Item text = new Item(Target.of("./a/Name"), null, null, ItemData.opaque("Acme".getBytes()), false);
        SyncMl m = new SyncMl(
                SyncHdr.builder()
                        .sessionId("1")
                        .msgId("1")
                        .target(Target.of("d"))
                        .source(Source.of("s"))
                        .build(),
                new SyncBody(List.of(new Add("1", false, null, null, List.of(bin, text))), true));
        SyncMl x = XmlRepresentation.binaryAsB64(m);
        Add a = (Add) x.body().commands().get(0);
        assertThat(a.items().get(0).data()).isEqualTo(ItemData.text("AP8B"));
        assertThat(a.items().get(0).meta().format()).isEqualTo("b64");
        assertThat(a.items().get(1).data()).isEqualTo(text.data());
        assertThat(SyncMlXmlWriter.writeString(x)).contains("<Data>AP8B</Data>");
    }
}
