package io.trustdm.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeFormatTest {

    private static int status(NodeFormat f, String value) {
        return status(f, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int status(NodeFormat f, byte[] value) {
        try {
            f.validate(value);
            return 200;
        } catch (TreeException e) {
            return e.status();
        }
    }

    @Test
    void unknown_format_name_answers_415() {
        assertThat(NodeFormat.byWireName("text")).isEmpty();
        try {
            NodeFormat.fromWire("text");
        } catch (TreeException e) {
            assertThat(e.status()).isEqualTo(415);
            return;
        }
        throw new AssertionError("expected 415");
    }

    @Test
    void every_dm_format_name_is_known() {
        for (String n :
                new String[] {"b64", "bin", "bool", "chr", "int", "node", "null", "xml", "date", "time", "float"}) {
            assertThat(NodeFormat.fromWire(n).wireName()).isEqualTo(n);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "bool, true, 200",
        "bool, FALSE, 200",
        "bool, yes, 400",
        "bool, '', 400",
        "int, 0, 200",
        "int, -2147483648, 200",
        "int, 2147483647, 200",
        "int, 2147483648, 400",
        "int, +12, 200",
        "int, 1.5, 400",
        "int, ' 1', 400",
        "int, '', 400",
        "float, 1.5, 200",
        "float, -1E-3, 200",
        "float, .5, 200",
        "float, INF, 200",
        "float, -INF, 200",
        "float, NaN, 200",
        "float, 1e, 400",
        "float, abc, 400",
        "date, 2024-02-29, 200",
        "date, 20240229, 200",
        "date, 2023-02-29, 400",
        "date, 24-02-29, 400",
        "date, 2024-13-01, 400",
        "time, 16:38:17, 200",
        "time, 163817Z, 200",
        "time, 16:38:17.25+02:00, 200",
        "time, 16:38, 200",
        "time, 24:00:00, 400",
        "time, 16:60:00, 400",
        "time, 4pm, 400",
        "null, '', 200",
        "null, x, 400",
        "node, '', 200",
        "node, x, 400",
        "chr, anything at all, 200",
        "xml, <a><b>x</b></a>, 200",
        "xml, text and <b/> elements, 200",
        "xml, <a>, 400",
        "xml, </a>, 400"
    })
    void values_are_checked_against_their_format(String format, String value, int expected) {
        assertThat(status(NodeFormat.fromWire(format), value)).isEqualTo(expected);
    }

    @Test
    void xml_values_may_not_carry_a_doctype() {
        String withDoctype = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assertThat(status(NodeFormat.XML, withDoctype)).isEqualTo(400);
        assertThat(status(NodeFormat.XML, "<?xml version=\"1.0\"?><a/>")).isEqualTo(200);
    }

    @Test
    void text_formats_require_utf8() {
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
        assertThat(status(NodeFormat.CHR, notUtf8)).isEqualTo(400);
        assertThat(status(NodeFormat.BIN, notUtf8)).isEqualTo(200);
    }

    @Test
    void binary_formats_accept_any_octets() {
        assertThatCode(() -> NodeFormat.BIN.validate(new byte[] {0, (byte) 0xFF, 0x7F}))
                .doesNotThrowAnyException();
        assertThat(NodeFormat.BIN.isBinary()).isTrue();
        assertThat(NodeFormat.CHR.isBinary()).isFalse();
    }
}
