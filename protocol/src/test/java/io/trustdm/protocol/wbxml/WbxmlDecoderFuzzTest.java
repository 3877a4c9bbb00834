package io.trustdm.protocol.wbxml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.codec.WbxmlFormatException;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import java.util.List;

/**
 * Fuzzes the WBXML decoder. Every input either decodes or fails with a {@link WbxmlFormatException} that names a byte
 * offset inside the input and a 400, 413 or 415 status; any other throwable is a finding. A message that decodes
 * must survive re-encoding (default options, and string table with string-table public id) unchanged.
 *
 * <p>In a normal build this replays the committed seeds in {@code WbxmlDecoderFuzzTestInputs} as a regression test;
 * {@code -Pfuzz} (or {@code JAZZER_FUZZ=1}) fuzzes for real.
 */
class WbxmlDecoderFuzzTest {
    private static final List<WbxmlEncoder.Options> REENCODINGS = List.of(
            WbxmlEncoder.Options.DEFAULT,
            new WbxmlEncoder.Options(3, true, true),
            new WbxmlEncoder.Options(1, false, true));

    @FuzzTest
    void decodes_arbitrary_bytes_or_rejects_them_with_a_format_exception(byte[] input) {
        SyncMl message;
        try {
            message = WbxmlDecoder.decode(input);
        } catch (SyncMlFormatException e) {
            checkRejection(e, input.length);
            return;
        }
        for (WbxmlEncoder.Options options : REENCODINGS) {
            SyncMl again = WbxmlDecoder.decode(WbxmlEncoder.encode(message, options));
            if (!again.equals(message)) {
                throw new AssertionError(
                        "re-encoding with " + options + " changed the message:\n" + message + "\nbecame\n" + again);
            }
        }
    }

    static void checkRejection(SyncMlFormatException e, int inputLength) {
        if (!(e instanceof WbxmlFormatException w)) {
            throw new AssertionError("WBXML decoder threw " + e.getClass().getName(), e);
        }
        if (w.offset() < 0 || w.offset() > inputLength || !w.location().equals("byte " + w.offset())) {
            throw new AssertionError(
                    "offset " + w.offset() + " / location '" + w.location() + "' does not point into " + inputLength
                            + " bytes",
                    e);
        }
        String message = e.getMessage();
        if (message.length() > 400 || message.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new AssertionError("message is not one bounded line: " + message.length() + " chars", e);
        }
        int status = e.status();
        if (status != StatusCode.BAD_REQUEST
                && status != StatusCode.REQUEST_ENTITY_TOO_LARGE
                && status != StatusCode.UNSUPPORTED_MEDIA_TYPE) {
            throw new AssertionError("status " + status + " is not 400, 413 or 415", e);
        }
    }
}
