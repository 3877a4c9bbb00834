package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.it.interop.XmlMeaning.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparator and the quirk rules must catch every real difference, or the interop ITs would prove nothing. */
class XmlMeaningTest {
    private static final String HEAD = "<SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto></SyncHdr>";

    private static List<Node> of(String xml) {
        return XmlMeaning.of(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Node> body(String body) {
        return of("<SyncML xmlns=\"SYNCML:SYNCML1.2\">" + HEAD + "<SyncBody>" + body + "</SyncBody></SyncML>");
    }

    @Test
    void spelling_that_carries_no_meaning_does_not_count() {
        List<Node> a = of("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/OMA-TS-SyncML_RepPro_DTD-V1_2.dtd">
                <SyncML xmlns="SYNCML:SYNCML1.2">
                  <!-- a comment -->
                  <SyncBody>
                    <Alert><Data>A &amp; B</Data><Item/></Alert>
                    <Final/>
                  </SyncBody>
                </SyncML>
                """);
        List<Node> b = of("<SyncML xmlns='syncml:syncml1.2'><SyncBody><Alert><Data><![CDATA[A & B]]></Data>"
                + "<Item></Item></Alert><Final></Final></SyncBody></SyncML>");

        assertThat(XmlMeaning.difference(a, b)).isNull();
        assertThat(a).hasSize(6);
    }

    @Test
    void text_order_presence_and_namespace_of_elements_count() {
        List<Node> base = body("<Alert><CmdID>1</CmdID><Data>1100</Data></Alert>");

        assertThat(XmlMeaning.difference(base, body("<Alert><CmdID>1</CmdID><Data>1100 </Data></Alert>")))
                .contains(">> #7");
        assertThat(XmlMeaning.difference(base, body("<Alert><Data>1100</Data><CmdID>1</CmdID></Alert>")))
                .isNotNull();
        assertThat(XmlMeaning.difference(base, body("<Alert><CmdID>1</CmdID><Data>1100</Data><Item/></Alert>")))
                .contains("expected 8 elements, got 9");
        assertThat(XmlMeaning.difference(
                        base, body("<Alert><CmdID>1</CmdID><Data xmlns=\"syncml:metinf\">1100</Data></Alert>")))
                .isNotNull();
    }

    @Test
    void metinf_children_are_compared_in_canonical_order_and_nothing_else_is_reordered() {
        String typeFirst = "<Item><Meta><Type xmlns=\"syncml:metinf\">text/plain</Type>"
                + "<Format xmlns=\"syncml:metinf\">chr</Format></Meta><Data>x</Data></Item>";
        String formatFirst = "<Item><Meta><Format xmlns=\"syncml:metinf\">chr</Format>"
                + "<Type xmlns=\"syncml:metinf\">text/plain</Type></Meta><Data>x</Data></Item>";
        List<Node> a = body("<Replace><CmdID>1</CmdID>" + typeFirst + "</Replace>");
        List<Node> b = body("<Replace><CmdID>1</CmdID>" + formatFirst + "</Replace>");

        assertThat(XmlMeaning.difference(a, b)).isNotNull();
        assertThat(XmlMeaning.difference(PeerQuirks.metInfInCanonicalOrder(a), PeerQuirks.metInfInCanonicalOrder(b)))
                .isNull();
        List<Node> swappedCommandChildren = body("<Replace>" + formatFirst + "<CmdID>1</CmdID></Replace>");
        assertThat(XmlMeaning.difference(
                        PeerQuirks.metInfInCanonicalOrder(b),
                        PeerQuirks.metInfInCanonicalOrder(swappedCommandChildren)))
                .isNotNull();
    }

    @Test
    void libwbxml_line_break_rule_touches_only_add_and_replace_item_data() {
        List<Node> crlf = body("<Replace><Item><Data>a&#13;\nb</Data></Item></Replace>"
                + "<Alert><Item><Data>a&#13;\nb</Data></Item></Alert>");
        List<Node> lf = body("<Replace><Item><Data>a\nb</Data></Item></Replace>"
                + "<Alert><Item><Data>a&#13;\nb</Data></Item></Alert>");

        assertThat(XmlMeaning.difference(lf, PeerQuirks.libwbxmlOpaqueLineBreaks(crlf)))
                .isNull();
        assertThat(PeerQuirks.libwbxmlOpaqueLineBreaks(crlf)
                        .get(PeerQuirks.libwbxmlOpaqueLineBreaks(crlf).size() - 1)
                        .text())
                .isEqualTo("a\r\nb");
    }

    @Test
    void libwbxml_type_rule_touches_only_metinf_type() {
        String wbxml = "application/vnd.syncml.dmtnds+wbxml";
        List<Node> nodes = body("<Add><Meta><Type xmlns=\"syncml:metinf\">" + wbxml + "</Type></Meta>" + "<Item><Data>"
                + wbxml + "</Data></Item></Add>");

        List<Node> rewritten = PeerQuirks.libwbxmlTypeRewrite(nodes);

        assertThat(rewritten).extracting(Node::text).contains("application/vnd.syncml.dmtnds+xml", wbxml);
    }

    @Test
    void horde_trim_model_matches_what_php_expat_pieces_give() {
        // Pieces as printed by PHP 8.2's xml_set_character_data_handler for these texts.
        assertThat(PeerQuirks.hordeTrim("Terms & conditions")).isEqualTo("Terms&conditions");
        assertThat(PeerQuirks.hordeTrim("VPN 🔒 x 😀")).isEqualTo("VPN🔒 x 😀");
        assertThat(PeerQuirks.hordeTrim("a ä b")).isEqualTo("aä b");
        assertThat(PeerQuirks.hordeTrim("ä a ä")).isEqualTo("ä a ä");
        assertThat(PeerQuirks.hordeTrim("  line one\nline two  ")).isEqualTo("line one\nline two");
        assertThat(PeerQuirks.hordeTrim("MAXDT=60&DR=1")).isEqualTo("MAXDT=60&DR=1");
    }

    @Test
    void removing_ddf_markup_leaves_an_empty_data_and_keeps_everything_else() {
        String with = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody><Add><CmdID>4</CmdID><Item>"
                + "<Meta><Format xmlns=\"syncml:metinf\">xml</Format></Meta><Data>\n  "
                + "<MgmtTree xmlns=\"syncml:dmddf1.2\"><VerDTD>1.2</VerDTD><Node><NodeName>A</NodeName></Node></MgmtTree>"
                + "\n</Data></Item></Add><Final/></SyncBody></SyncML>";
        String without = "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncBody><Add><CmdID>4</CmdID><Item>"
                + "<Meta><Format xmlns=\"syncml:metinf\">xml</Format></Meta><Data/>"
                + "</Item></Add><Final/></SyncBody></SyncML>";

        List<Node> stripped = XmlMeaning.of(TndsPayloads.withoutDdfMarkup(with.getBytes(StandardCharsets.UTF_8)));

        assertThat(PeerQuirks.hasDdfMarkup(of(with))).isTrue();
        assertThat(XmlMeaning.difference(of(without), stripped)).isNull();
    }
}
