package io.trustdm.protocol.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.StatusCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProvisioningXmlReaderTest {
    private static final String DOCTYPE = "<!DOCTYPE wap-provisioningdoc PUBLIC \"-//WAPFORUM//DTD PROV 1.0//EN\""
            + " \"http://www.wapforum.org/DTD/prov.dtd\">";

    private static ProvisioningDocument read(String xml) {
        return ProvisioningXmlReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static ProvisioningFormatException fails(String xml) {
        return fails(xml, DecodeLimits.DEFAULT);
    }

    private static ProvisioningFormatException fails(String xml, DecodeLimits limits) {
        ProvisioningFormatException e = catchThrowableOfType(
                () -> ProvisioningXmlReader.read(xml.getBytes(StandardCharsets.UTF_8), limits),
                ProvisioningFormatException.class);
        assertThat(e).as("reading must fail with ProvisioningFormatException").isNotNull();
        return e;
    }

    @Test
    void the_prov_doctype_line_parses_offline_and_is_not_fetched() {
        // the system id points at a host that does not resolve here; reading must not try
        String xml = "<?xml version=\"1.0\"?>" + DOCTYPE.replace("www.wapforum.org", "prov-dtd.invalid")
                + "<wap-provisioningdoc><characteristic type=\"PORT\"/></wap-provisioningdoc>";
        assertThat(read(xml)).isEqualTo(ProvisioningDocument.of(null, Characteristic.of("PORT")));
    }

    @Test
    void refuses_a_doctype_with_an_internal_subset_so_no_entity_is_ever_declared() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE wap-provisioningdoc [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<wap-provisioningdoc><characteristic type=\"&x;\"/></wap-provisioningdoc>";
        ProvisioningFormatException e = fails(xxe);
        assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST);
        assertThat(e.getMessage()).doesNotContain("root:");
    }

    @Test
    void refuses_undeclared_entities() {
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"&x;\"/></wap-provisioningdoc>")
                        .line())
                .isEqualTo(1);
    }

    @Test
    void reports_line_and_column_of_structure_errors() {
        ProvisioningFormatException e =
                fails("<wap-provisioningdoc>\n  <characteristic>\n  </characteristic>\n" + "</wap-provisioningdoc>");
        assertThat(e).hasMessageContaining("characteristic without type");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isPositive();
        assertThat(e.location()).startsWith("line 2, column ");
    }

    @Test
    void checks_structure_like_the_wbxml_decoder() {
        assertThat(fails("<characteristic type=\"X\"/>")).hasMessageContaining("root element");
        assertThat(fails("<wap-provisioningdoc><parm name=\"X\"/></wap-provisioningdoc>"))
                .hasMessageContaining("not allowed");
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"X\"><parm name=\"A\"><parm name=\"B\"/></parm>"
                        + "</characteristic></wap-provisioningdoc>"))
                .hasMessageContaining("not allowed inside parm");
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"X\"><parm value=\"A\"/></characteristic>"
                        + "</wap-provisioningdoc>"))
                .hasMessageContaining("parm without name");
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"X\" name=\"Y\"/></wap-provisioningdoc>"))
                .hasMessageContaining("attribute name is not allowed on characteristic");
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"X\">text</characteristic></wap-provisioningdoc>"))
                .hasMessageContaining("text is not allowed");
        assertThat(fails("<wap-provisioningdoc><characteristic type=\"X\"/><other/></wap-provisioningdoc>"))
                .hasMessageContaining("not allowed");
        assertThat(fails("")).hasMessageContaining("malformed XML");
        assertThat(fails("<wap-provisioningdoc>")).hasMessageContaining("malformed XML");
    }

    @Test
    void keeps_escaped_characters_and_tells_empty_from_absent_values() {
        ProvisioningDocument d = read("<wap-provisioningdoc version='1.0'><characteristic type=\"a&amp;b\">"
                + "<parm name=\"V\" value=\"&lt;x&gt; &quot;q&quot; caf\u00e9 &#9;&#10;\"/><parm name=\"E\" value=\"\"/>"
                + "<parm name=\"INIT\"/></characteristic></wap-provisioningdoc>");
        assertThat(d)
                .isEqualTo(ProvisioningDocument.of(
                        "1.0",
                        Characteristic.of(
                                "a&b", Parm.of("V", "<x> \"q\" caf\u00e9 \t\n"), Parm.of("E", ""), Parm.flag("INIT"))));
        assertThat(ProvisioningXmlReader.read(ProvisioningXmlWriter.write(d))).isEqualTo(d);
    }

    @Test
    void limits_depth_elements_and_size() {
        String deep = "<wap-provisioningdoc>" + "<characteristic type=\"X\">".repeat(60)
                + "</characteristic>".repeat(60) + "</wap-provisioningdoc>";
        assertThat(fails(deep).status()).isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        String many = "<wap-provisioningdoc>" + "<characteristic type=\"X\"/>".repeat(20) + "</wap-provisioningdoc>";
        assertThat(fails(many, DecodeLimits.DEFAULT.withMaxElements(10)).status())
                .isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(fails(many, DecodeLimits.DEFAULT.withMaxMessageBytes(100)).status())
                .isEqualTo(StatusCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(read(many).characteristics()).hasSize(20);
    }
}
