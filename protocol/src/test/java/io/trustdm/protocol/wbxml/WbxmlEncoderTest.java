package io.trustdm.protocol.wbxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.SampleMessages;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the encoder refuses to write, rather than write something else. */
class WbxmlEncoderTest {

    private static SyncMl withTarget(String uri) {
        // the same string as Target and Source, so that a string table would hold it
        return new SyncMl(
                SampleMessages.header().toBuilder()
                        .target(Target.of(uri))
                        .source(Source.of(uri))
                        .build(),
                new SyncBody(List.of(), true));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void text_with_an_unpaired_surrogate_is_refused_not_written_as_a_question_mark(boolean stringTable) {
        WbxmlEncoder.Options options = WbxmlEncoder.Options.DEFAULT.withStringTable(stringTable);
        assertThatThrownBy(() -> WbxmlEncoder.encode(withTarget("./a\uD800b"), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> WbxmlEncoder.encode(withTarget("./ab\uDC00"), options))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void supplementary_characters_are_written_as_four_byte_utf8(boolean stringTable) {
        SyncMl m = withTarget("./a\uD83D\uDE00b");
        WbxmlEncoder.Options options = WbxmlEncoder.Options.DEFAULT.withStringTable(stringTable);
        byte[] wire = WbxmlEncoder.encode(m, options);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).contains("a\u00F0\u009F\u0098\u0080b");
        assertThat(WbxmlDecoder.decode(wire)).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"./a\u0000b", "./\u00e4\u0000b", "./\u20ac\u0000"})
    void text_with_a_nul_character_is_refused_after_ascii_or_not(String uri) {
        assertThatThrownBy(() -> WbxmlEncoder.encode(withTarget(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"./\u00e4", "./\u07ff\u0800", "./\uffff", "./\u20ac \ud83d\udd12 \u4e2d", "./\ud800\udc00"})
    void non_ascii_text_is_written_as_the_jdk_utf8_encoder_writes_it(String uri) {
        byte[] wire = WbxmlEncoder.encode(withTarget(uri));
        String latin1 = new String(wire, StandardCharsets.ISO_8859_1);
        assertThat(latin1).contains(new String(uri.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertThat(WbxmlDecoder.decode(wire)).isEqualTo(withTarget(uri));
    }
}
