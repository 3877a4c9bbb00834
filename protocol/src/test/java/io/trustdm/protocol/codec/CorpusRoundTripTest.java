package io.trustdm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.testing.Corpus;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus message survives our XML and WBXML encodings unchanged (the peers are checked in the ITs). */
class CorpusRoundTripTest {

    static List<Corpus.Message> corpus() {
        return Corpus.messages();
    }

    @Test
    void corpus_holds_at_least_thirty_messages() {
        assertThat(Corpus.names())
                .hasSizeGreaterThanOrEqualTo(30)
                .allMatch(n -> n.matches("\\d\\d-[a-z0-9-]+\\.xml"), "named NN-short-name.xml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void message_survives_xml_and_wbxml_round_trips(Corpus.Message message) {
        SyncMl read = SyncMlXmlReader.read(message.xml());

        SyncMl viaXml = SyncMlXmlReader.read(SyncMlXmlWriter.write(read));
        SyncMl viaWbxml = WbxmlDecoder.decode(WbxmlEncoder.encode(read));

        assertThat(viaXml).isEqualTo(read);
        assertThat(viaWbxml).isEqualTo(read);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void message_survives_every_wbxml_encoder_option(Corpus.Message message) {
        SyncMl read = SyncMlXmlReader.read(message.xml());
        for (int version = 1; version <= 3; version++) {
            WbxmlEncoder.Options libwbxmlLike = new WbxmlEncoder.Options(version, false, true);
            WbxmlEncoder.Options motorolaLike = new WbxmlEncoder.Options(version, true, false);

            assertThat(WbxmlDecoder.decode(WbxmlEncoder.encode(read, libwbxmlLike)))
                    .as("WBXML 1.%d with a string table", version)
                    .isEqualTo(read);
            assertThat(WbxmlDecoder.decode(WbxmlEncoder.encode(read, motorolaLike)))
                    .as("WBXML 1.%d with the public id in the string table", version)
                    .isEqualTo(read);
        }
    }
}
