package io.trustdm.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyncMlXmlReaderTest {
    private static SyncMl read(String xml) {
        return SyncMlXmlReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void predefined_entities_and_character_references_are_expanded_many_times() {
        SyncMl m = read("<?xml version='1.0'?>\n<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\" "
                + "\"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd\">\n"
                + "<SyncML xmlns='syncml:syncml1.2'>\n <SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>"
                + "<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>IMEI:1</LocURI></Target>"
                + "<Source><LocURI>http://s</LocURI></Source></SyncHdr>\n <SyncBody>"
                + "<Replace><CmdID>2</CmdID><Item><Target><LocURI>./a?prop=ACL</LocURI></Target>"
                + "<Data>Get=*&amp;Replace=a&amp;Add=b&amp;Delete=c&#38;Exec=d&lt;&gt;&#x4E2D;</Data></Item></Replace>"
                + "<Final/></SyncBody></SyncML>");
        Replace r = (Replace) m.body().commands().get(0);
        assertThat(r.items().get(0).data().asText()).isEqualTo("Get=*&Replace=a&Add=b&Delete=c&Exec=d<>中");
    }
}
