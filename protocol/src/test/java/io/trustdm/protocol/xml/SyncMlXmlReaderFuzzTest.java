package io.trustdm.protocol.xml;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.codec.XmlFormatException;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;

/**
 * Fuzzes the XML reader. Every input either reads or fails with an {@link XmlFormatException} that names a line and
 * column and a 400, 413 or 415 status; any other throwable is a finding (so is a network or file access, which
 * Jazzer's sanitizers report). A message that reads must survive being written again as XML and as WBXML.
 *
 * <p>In a normal build this replays the committed seeds in {@code SyncMlXmlReaderFuzzTestInputs} as a regression
 * test; {@code -Pfuzz} (or {@code JAZZER_FUZZ=1}) fuzzes for real.
 */
class SyncMlXmlReaderFuzzTest {

    @FuzzTest
    @DictionaryEntries({
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<!DOCTYPE SyncML PUBLIC \"-//SYNCML//DTD SyncML 1.2//EN\" \"http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd\">",
        "<!ENTITY",
        "SYSTEM",
        "<![CDATA[",
        "]]>",
        "&#x",
        "&amp;",
        "xmlns=\"SYNCML:SYNCML1.2\"",
        "xmlns=\"syncml:metinf\"",
        "xmlns=\"syncml:dmddf1.2\"",
        "<SyncML>",
        "<SyncHdr>",
        "<SyncBody>",
        "<Atomic>",
        "<Sequence>",
        "<Status>",
        "<Results>",
        "<Item>",
        "<Data>",
        "<Meta>",
        "<MgmtTree>",
        "<Node>",
        "<Final/>",
        "<MoreData/>",
        "</"
    })
    void reads_arbitrary_bytes_or_rejects_them_with_a_format_exception(byte[] input) {
        SyncMl message;
        try {
            message = SyncMlXmlReader.read(input);
        } catch (SyncMlFormatException e) {
            checkRejection(e);
            return;
        }
        SyncMl again = SyncMlXmlReader.read(SyncMlXmlWriter.write(message));
        if (!again.equals(message)) {
            throw new AssertionError("writing the message as XML changed it:\n" + message + "\nbecame\n" + again);
        }
        SyncMl viaWbxml = WbxmlDecoder.decode(WbxmlEncoder.encode(message));
        if (!viaWbxml.equals(message)) {
            throw new AssertionError("writing the message as WBXML changed it:\n" + message + "\nbecame\n" + viaWbxml);
        }
    }

    static void checkRejection(SyncMlFormatException e) {
        if (!(e instanceof XmlFormatException x)) {
            throw new AssertionError("XML reader threw " + e.getClass().getName(), e);
        }
        if (x.line() < 1 || x.column() < 1 || !x.location().equals("line " + x.line() + ", column " + x.column())) {
            throw new AssertionError("no line and column in '" + x.location() + "'", e);
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
