package io.trustdm.protocol.wbxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.SampleMessages;
import io.trustdm.protocol.codec.WbxmlFormatException;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncMl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken WBXML: every case ends in a {@link WbxmlFormatException} that names the byte offset of the
 * problem and the status the receiver answers with (400 malformed, 413 too large, 415 not SyncML DM WBXML).
 */
class WbxmlDecoderBadInputTest {

    private static final int BAD_REQUEST = StatusCode.BAD_REQUEST;
    private static final int TOO_LARGE = StatusCode.REQUEST_ENTITY_TOO_LARGE;
    private static final int UNSUPPORTED = StatusCode.UNSUPPORTED_MEDIA_TYPE;

    /** A valid message up to and including the SyncBody start tag (code page 0 active). */
    private static final byte[] UP_TO_BODY = upToBody();

    private static byte[] upToBody() {
        byte[] full = WbxmlEncoder.encode(new SyncMl(SampleMessages.header(), new SyncBody(List.of(), false)));
        // ... 6B 01 01: SyncBody start, SyncBody end, SyncML end
        assertThat(Arrays.copyOfRange(full, full.length - 3, full.length)).containsExactly(0x6B, 0x01, 0x01);
        return Arrays.copyOf(full, full.length - 2);
    }

    /** A message whose SyncBody holds {@code bodyHex}, closed with SyncBody and SyncML END tokens. */
    private static byte[] message(String bodyHex) {
        return concat(UP_TO_BODY, hex(bodyHex + "0101"));
    }

    /** {@link #message(String)} with a string table (shorter than 128 bytes) in the header. */
    private static byte[] withStringTable(String tableHex, String bodyHex) {
        byte[] table = hex(tableHex);
        byte[] m = message(bodyHex);
        // UP_TO_BODY starts with the 5-byte header 02 A4 01 6A 00 (no string table)
        return concat(hex("02a4016a"), new byte[] {(byte) table.length}, table, Arrays.copyOfRange(m, 5, m.length));
    }

    /** A WBXML multi-byte integer, as hex. */
    private static String mb(int v) {
        StringBuilder sb = new StringBuilder(String.format("%02x", v & 0x7F));
        for (v >>>= 7; v > 0; v >>>= 7) {
            sb.insert(0, String.format("%02x", 0x80 | (v & 0x7F)));
        }
        return sb.toString();
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replaceAll("\\s", ""));
    }

    private static String h(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static WbxmlFormatException rejects(byte[] input) {
        return rejects(input, DecodeLimits.DEFAULT);
    }

    /** Decodes, expects a WbxmlFormatException whose location names its offset, and returns it. */
    private static WbxmlFormatException rejects(byte[] input, DecodeLimits limits) {
        Throwable t = catchThrowable(() -> WbxmlDecoder.decode(input, limits));
        assertThat(t).isExactlyInstanceOf(WbxmlFormatException.class);
        WbxmlFormatException e = (WbxmlFormatException) t;
        assertThat(e.location()).isEqualTo("byte " + e.offset());
        assertThat(e.offset()).isBetween(0L, (long) input.length);
        return e;
    }

    private static int offsetOf(byte[] input, String hexNeedle) {
        String all = HexFormat.of().formatHex(input);
        int i = all.indexOf(hexNeedle);
        while (i >= 0 && i % 2 != 0) {
            i = all.indexOf(hexNeedle, i + 1);
        }
        assertThat(i).as("test input contains " + hexNeedle).isNotNegative();
        return i / 2;
    }

    // ---- sanity: the building blocks are valid

    @Test
    void the_test_message_skeleton_decodes() {
        SyncMl m = WbxmlDecoder.decode(message("12"));
        assertThat(m.header()).isEqualTo(SampleMessages.header());
        assertThat(m.body().isFinal()).isTrue();
    }

    // ---- truncation

    @Test
    void truncation_at_every_byte_offset_is_a_format_exception() {
        List<byte[]> valid = List.of(
                hex(WbxmlReferenceVectorsTest.LIBWBXML_SMALL),
                hex(WbxmlReferenceVectorsTest.LIBWBXML_STRING_TABLE_OPAQUE),
                WbxmlEncoder.encode(SampleMessages.richWithOpaque()),
                WbxmlEncoder.encode(SampleMessages.richWithOpaque(), new WbxmlEncoder.Options(3, true, true)));
        int cases = 0;
        for (byte[] message : valid) {
            assertThat(WbxmlDecoder.decode(message)).isNotNull();
            for (int n = 0; n < message.length; n++) {
                WbxmlFormatException e = rejects(Arrays.copyOf(message, n));
                assertThat(e.status()).as("status for a cut at %d", n).isEqualTo(BAD_REQUEST);
                assertThat(e.offset()).as("offset for a cut at %d", n).isLessThanOrEqualTo(n);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(2000);
    }

    @Test
    void empty_input_is_rejected_at_byte_0() {
        WbxmlFormatException e = rejects(new byte[0]);
        assertThat(e.offset()).isZero();
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    // ---- header

    @ParameterizedTest
    @ValueSource(strings = {"00a4016a00", "04a4016a00", "ffa4016a00"})
    void wbxml_versions_other_than_1_1_to_1_3_are_unsupported_media(String header) {
        WbxmlFormatException e = rejects(hex(header + "6d01"));
        assertThat(e.offset()).isZero();
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    @Test
    void a_numeric_public_id_that_is_not_syncml_is_unsupported_media() {
        // 0x05 is WML 1.1
        WbxmlFormatException e = rejects(hex("02056a00" + "6d01"));
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    @Test
    void a_textual_public_id_that_is_not_syncml_dm_is_unsupported_media() {
        String fpi = h("-//WAPFORUM//DTD WML 1.1//EN") + "00";
        WbxmlFormatException e = rejects(hex("0200006a1d" + fpi + "6d01"));
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    @Test
    void a_charset_other_than_utf8_is_unsupported_media() {
        // MIBenum 4 = ISO-8859-1
        WbxmlFormatException e = rejects(hex("02a40104006d01"));
        assertThat(e.offset()).isEqualTo(3);
        assertThat(e.status()).isEqualTo(UNSUPPORTED);
    }

    // ---- multi-byte integers

    @Test
    void mb_u_int32_above_the_int_range_is_rejected() {
        // 8F FF FF FF 7F = 0xFFFFFFFF as the public identifier
        WbxmlFormatException e = rejects(hex("028fffffff7f6a00" + "6d01"));
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("too large");
    }

    @Test
    void mb_u_int32_longer_than_five_bytes_is_rejected() {
        WbxmlFormatException e = rejects(hex("02808080808001" + "6a00" + "6d01"));
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void mb_u_int32_overflow_in_an_opaque_length_is_rejected() {
        byte[] input = message("46" + "4f" + "c38fffffff7f" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "c38fffffff7f") + 1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    // ---- string table

    @Test
    void string_table_length_past_the_end_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a10" + h("ab")));
        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void string_table_larger_than_the_limit_is_too_large() {
        byte[] input = concat(hex("02a4016a" + mb(128)), new byte[128], hex("6d01"));
        WbxmlFormatException e = rejects(input, DecodeLimits.DEFAULT.withMaxStringTableBytes(64));
        assertThat(e.offset()).isEqualTo(4);
        assertThat(e.status()).isEqualTo(TOO_LARGE);
    }

    @Test
    void string_table_reference_outside_the_table_is_rejected() {
        // a table of 4 bytes ("abc\0"); STR_T 4 points just past it
        byte[] input = withStringTable(h("abc") + "00", "46" + "4f" + "8304" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "8304"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("outside the table");
    }

    @Test
    void a_string_table_reference_inside_the_table_is_read() {
        byte[] input = withStringTable(h("abc") + "00" + h("1226") + "00", "46" + "4f" + "8304" + "01" + "01");
        assertThat(WbxmlDecoder.decode(input).body().commands().get(0))
                .isInstanceOfSatisfying(Alert.class, a -> assertThat(a.code()).isEqualTo(1226));
    }

    @Test
    void public_id_index_outside_the_string_table_is_rejected() {
        WbxmlFormatException e = rejects(hex("0200056a00" + "6d01"));
        assertThat(e.offset()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void literal_tag_name_outside_the_string_table_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a00" + "4409" + "01"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void literal_tag_naming_an_unknown_element_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a04" + h("Foo") + "00" + "4400" + "01"));
        assertThat(e.offset()).isEqualTo(9);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("'Foo'");
    }

    @Test
    void error_messages_quoting_input_are_one_bounded_line() {
        String name = "Evil\nInjected: log line\u202E" + "x".repeat(10_000);
        String table = h(name) + "00";
        byte[] input = hex("02a4016a" + mb(table.length() / 2) + table + "4400" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e.getMessage())
                .startsWith("LITERAL tag 'Evil?Injected: log line?xxx")
                .doesNotContain("\n", "\u202E")
                .hasSizeLessThan(400)
                .endsWith("(at " + e.location() + ")");
    }

    // ---- tokens and code pages

    @Test
    void unknown_tag_token_on_the_syncml_page_is_rejected() {
        // 0x30 lies between TargetRef (0x2F) and VerDTD (0x31) and names nothing
        byte[] input = message("70" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("unknown tag token 0x30 on code page 0");
    }

    @Test
    void unknown_tag_token_on_the_metinf_page_is_rejected() {
        byte[] input = message("0001" + "3f");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length + 2);
        assertThat(e).hasMessageContaining("on code page 1");
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x41, 0x42, 0x43, 0x80, 0x81, 0x82, 0xC0, 0xC1, 0xC2})
    void extension_and_processing_instruction_tokens_are_rejected(int token) {
        byte[] input = message(String.format("%02x", token) + "00");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("unsupported global token");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x84, 0xC4, 0x86, 0xC6})
    void tags_with_attributes_are_rejected(int token) {
        byte[] input = message(String.format("%02x", token) + "0001");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("attributes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"03", "7f", "ff"})
    void unknown_code_page_is_rejected(String page) {
        byte[] input = message("00" + page + "46" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("unknown code page");
    }

    @Test
    void end_without_an_open_element_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a00" + "01"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void a_second_root_element_is_rejected() {
        byte[] one = message("12");
        byte[] input = concat(one, hex("6d01"));
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(one.length);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void text_outside_the_root_element_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a00" + "03" + h("x") + "00"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void a_root_other_than_syncml_is_rejected() {
        WbxmlFormatException e = rejects(hex("02a4016a00" + "6b01"));
        assertThat(e.offset()).isEqualTo(5);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("root element is SyncBody");
    }

    // ---- lengths

    @Test
    void opaque_length_past_the_end_is_rejected() {
        byte[] input = message("46" + "4f" + "c37f" + h("only a few bytes") + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "c37f"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("OPAQUE length 127");
    }

    @Test
    void opaque_length_near_the_int_maximum_is_rejected_without_allocating_it() {
        // 87 FF FF FF 7F = 2^31 - 1
        byte[] input = message("46" + "4f" + "c387ffffff7f" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "c387ffffff7f"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void inline_string_without_its_terminator_is_rejected() {
        byte[] input = concat(UP_TO_BODY, hex("46" + "4f" + "03" + h("1201")));
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "03" + h("1201")) + 1);
        assertThat(e).hasMessageContaining("inline string");
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    // ---- text

    @Test
    void invalid_utf8_in_an_inline_string_is_rejected() {
        byte[] input = message("46" + "4f" + "03c32800" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "03c32800"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("invalid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c080", "eda080", "f4908080", "ff", "e282"})
    void overlong_surrogate_out_of_range_and_cut_utf8_sequences_are_rejected(String bad) {
        byte[] input = message("46" + "4b" + "03" + h("1") + "00" + "01" + "4f" + "03" + bad + "00" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e).hasMessageContaining("invalid UTF-8");
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void inline_strings_of_every_length_across_eight_byte_words_read_back() {
        // Lengths 0 to 40 of one-, two- and three-byte characters: the terminator lands at every offset of a word.
        for (int n = 0; n <= 40; n++) {
            for (String unit : List.of("a", "\u00e4", "\u20ac")) {
                String text = unit.repeat(n);
                SyncMl m = WbxmlDecoder.decode(message(
                        "46" + "4b" + "03" + h("1") + "00" + "01" + "4f" + "03" + h(text) + "00" + "01" + "01"));
                assertThat(((Alert) m.body().commands().get(0)).data())
                        .as("%d x %s", n, unit)
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void an_unterminated_inline_string_at_the_end_is_rejected_at_every_length() {
        for (int n = 0; n <= 20; n++) {
            byte[] input = concat(UP_TO_BODY, hex("46" + "4f" + "03" + h("x".repeat(n))));
            assertThat(rejects(input)).as("length %d", n).hasMessageContaining("inline string");
        }
    }

    @Test
    void a_real_replacement_character_in_text_is_read_not_rejected() {
        // U+FFFD is what lenient UTF-8 decoding puts in place of bad bytes; written as such, it is valid text.
        SyncMl m = WbxmlDecoder.decode(
                message("46" + "4b" + "03" + h("1") + "00" + "01" + "4f" + "03" + "61efbfbd62" + "00" + "01" + "01"));
        assertThat(((Alert) m.body().commands().get(0)).data()).isEqualTo("a\uFFFDb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c080", "eda080", "f4908080", "ff"})
    void overlong_surrogate_and_out_of_range_utf8_is_rejected(String bad) {
        byte[] input = message("46" + "4f" + "03" + bad + "00" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "03" + bad));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void invalid_utf8_in_a_string_table_entry_is_rejected_at_the_reference() {
        byte[] input = withStringTable("c32800", "46" + "4f" + "8300" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "8300"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "83b000", "c48000"})
    void entity_for_nul_a_surrogate_or_beyond_unicode_is_rejected(String codePoint) {
        // 0, U+D800, U+110000
        byte[] input = message("46" + "4f" + "02" + codePoint + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "02" + codePoint));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("is not a character");
    }

    @Test
    void opaque_bytes_where_text_belongs_must_be_utf8() {
        byte[] input = message("46" + "4f" + "c302ff41" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "c302ff41"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void opaque_text_with_a_nul_character_is_rejected() {
        byte[] input = message("46" + "4f" + "c303410042" + "01" + "01");
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(offsetOf(input, "c303410042"));
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("NUL");
    }

    @Test
    void opaque_item_data_keeps_nul_and_every_other_byte() {
        // inside Item Data, OPAQUE is binary and may hold anything
        byte[] input = message("60" + "4b03" + h("1") + "0001" + "54" + "4f" + "c30400ff0d0a" + "01" + "01" + "01");
        SyncMl m = WbxmlDecoder.decode(input);
        Replace r = (Replace) m.body().commands().get(0);
        assertThat(r.items().get(0).data()).isEqualTo(ItemData.opaque(hex("00ff0d0a")));
    }

    // ---- numbers

    @Test
    void sizes_up_to_the_long_maximum_read_back() {
        byte[] input = message("60" + "5a" + "0001" + "52" + "03" + h(Long.toString(Long.MAX_VALUE)) + "00" + "01"
                + "01" + "0000" + "01");
        Replace r = (Replace) WbxmlDecoder.decode(input).body().commands().get(0);
        assertThat(r.meta().size()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "-1", "1e3", ""})
    void a_size_that_is_not_a_non_negative_long_is_rejected(String size) {
        String text = size.isEmpty() ? "" : "03" + h(size) + "00";
        byte[] input = message("60" + "5a" + "0001" + "52" + text + "01" + "01" + "0000" + "01");
        WbxmlFormatException e = rejects(input);
        // the number is judged once read, at the END token of Size
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length + 5 + text.length() / 2);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("Size is not a number");
    }

    // ---- limits

    @Test
    void nesting_deeper_than_the_limit_is_rejected_without_stack_overflow() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(UP_TO_BODY);
        int firstAtomic = body.size();
        for (int i = 0; i < 100_000; i++) {
            body.write(0x48); // Atomic with content
        }
        WbxmlFormatException e = rejects(body.toByteArray());
        // SyncML and SyncBody are open, so the Atomic that would be element number maxDepth + 1 fails
        assertThat(e.offset()).isEqualTo(firstAtomic + DecodeLimits.DEFAULT.maxDepth() - 2);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
        assertThat(e).hasMessageContaining("nested deeper than 48");
    }

    @Test
    void nesting_up_to_the_limit_is_accepted() {
        int atomics = DecodeLimits.DEFAULT.maxDepth() - 2;
        String body = "48".repeat(atomics) + "01".repeat(atomics);
        SyncMl m = WbxmlDecoder.decode(message(body));
        Command c = m.body().commands().get(0);
        int depth = 0;
        while (c instanceof Atomic a) {
            depth++;
            c = a.commands().isEmpty() ? null : a.commands().get(0);
        }
        assertThat(depth).isEqualTo(atomics);
    }

    @Test
    void nesting_of_empty_elements_counts_towards_the_limit() {
        int atomics = DecodeLimits.DEFAULT.maxDepth() - 2;
        // 46 open Atomics, then an empty Atomic at depth 49
        byte[] input = message("48".repeat(atomics) + "08" + "01".repeat(atomics));
        WbxmlFormatException e = rejects(input);
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length + atomics);
        assertThat(e.status()).isEqualTo(BAD_REQUEST);
    }

    @Test
    void message_larger_than_the_limit_is_too_large() {
        byte[] input = hex(WbxmlReferenceVectorsTest.LIBWBXML_STRING_TABLE_OPAQUE);
        WbxmlFormatException e = rejects(input, DecodeLimits.DEFAULT.withMaxMessageBytes(input.length - 1));
        assertThat(e.offset()).isZero();
        assertThat(e.status()).isEqualTo(TOO_LARGE);
        assertThat(WbxmlDecoder.decode(input, DecodeLimits.DEFAULT.withMaxMessageBytes(input.length)))
                .isNotNull();
    }

    @Test
    void more_elements_than_the_limit_is_too_large() {
        // SyncML, SyncHdr, VerDTD, VerProto, SessionID, MsgID, Target, LocURI, Source, LocURI, SyncBody: 11
        byte[] input = message("12");
        assertThat(WbxmlDecoder.decode(input, DecodeLimits.DEFAULT.withMaxElements(12)))
                .isNotNull();
        WbxmlFormatException e = rejects(input, DecodeLimits.DEFAULT.withMaxElements(11));
        assertThat(e.offset()).isEqualTo(UP_TO_BODY.length);
        assertThat(e.status()).isEqualTo(TOO_LARGE);
    }

    @Test
    void string_table_references_cannot_expand_beyond_the_message_limit() {
        // one 60 000-byte string, referenced 100 000 times in 200 kB: 6 GB of text unless bounded
        int entry = 60_000;
        byte[] table = new byte[entry + 1];
        Arrays.fill(table, 0, entry, (byte) 'a');
        byte[] m = message("46" + "4f" + "8300".repeat(100_000) + "01" + "01");
        byte[] input = concat(hex("02a4016a" + mb(table.length)), table, Arrays.copyOfRange(m, 5, m.length));
        WbxmlFormatException e = rejects(input);
        int firstRef = 4 + 3 + table.length + (UP_TO_BODY.length - 5) + 2;
        int refsWithinLimit = DecodeLimits.DEFAULT.maxMessageBytes() / entry;
        assertThat(e.offset()).isEqualTo(firstRef + 2L * refsWithinLimit);
        assertThat(e.status()).isEqualTo(TOO_LARGE);
        assertThat(e).hasMessageContaining("string table references expand");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a performance assertion
    void a_message_of_many_tiny_opaque_pieces_decodes_in_one_pass() {
        // 4 MiB of three-byte OPAQUE tokens inside Data: joined piece by piece this is quadratic and never ends.
        int pieces = (DecodeLimits.DEFAULT.maxMessageBytes() - 200) / 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(concat(UP_TO_BODY, hex("60" + "54" + "4f")));
        for (int i = 0; i < pieces; i++) {
            out.writeBytes(hex("c3017a"));
        }
        out.writeBytes(hex("01" + "01" + "01" + "0101"));
        SyncMl m = WbxmlDecoder.decode(out.toByteArray());
        Replace r = (Replace) m.body().commands().get(0);
        byte[] expected = new byte[pieces];
        Arrays.fill(expected, (byte) 'z');
        assertThat(r.items().get(0).data()).isEqualTo(ItemData.opaque(expected));
    }
}
