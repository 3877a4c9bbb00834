package io.trustdm.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.XmlFormatException;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression: the hardened factory set Woodstox's entity-count limit to 0, which Woodstox 7 rejects ("minimum is 1"),
 * so every XML read failed. The limit is now 1; these tests pin that XML still parses and entities stay refused.
 */
class HardenedXmlEntityLimitTest {
    private static final String HEAD = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD>"
            + "<VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>"
            + "<Target><LocURI>IMEI:1</LocURI></Target><Source><LocURI>https://dm.example.com/dm</LocURI></Source>"
            + "</SyncHdr><SyncBody>";
    private static final String TAIL = "<Final/></SyncBody></SyncML>";

    private static byte[] message(String prolog, String body) {
        return (prolog + HEAD + body + TAIL).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reads_a_message_with_many_predefined_entity_references() {
        String acl = "Get=*" + "&amp;Replace=dm.example.com".repeat(500);
        byte[] xml = message(
                "",
                "<Replace><CmdID>1</CmdID><Item><Target><LocURI>./A?prop=ACL</LocURI></Target><Data>" + acl
                        + "</Data></Item></Replace>");

        SyncMl m = SyncMlXmlReader.read(xml);

        Replace r = (Replace) m.body().commands().get(0);
        assertThat(r.items().get(0).data().asText()).isEqualTo(acl.replace("&amp;", "&"));
    }

    @Test
    void reads_the_syncml_doctype_without_fetching_it() {
        byte[] xml = message(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\""
                        + " \"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd\">",
                "");

        assertThat(SyncMlXmlReader.read(xml).body().isFinal()).isTrue();
    }

    @Test
    void refuses_entities_declared_in_an_internal_subset() {
        byte[] xml = message(
                "<!DOCTYPE SyncML [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
                "<Alert><CmdID>1</CmdID><Data>&b;</Data></Alert>");

        assertThatThrownBy(() -> SyncMlXmlReader.read(xml)).isInstanceOf(XmlFormatException.class);
    }

    @Test
    void refuses_an_undeclared_entity_reference() {
        byte[] xml = message("", "<Alert><CmdID>1</CmdID><Data>&nbsp;</Data></Alert>");

        assertThatThrownBy(() -> SyncMlXmlReader.read(xml)).isInstanceOf(XmlFormatException.class);
    }
}
