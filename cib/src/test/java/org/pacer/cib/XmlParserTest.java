package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The parser's safety (no DTD, no entities, a size limit, file:line:column errors) and the compact attribute map it
 * builds, which behaves as the ordered, unmodifiable map XmlElement promises.
 */
class XmlParserTest {
    private static final String XML = "<cib a=\"1\" id=\"x\">\n  <node id=\"n1\" uname=\"n1\" type=\"member\"/>\n"
            + "  <node id=\"n2\" uname=\"n2\" type=\"member\">  text &amp; more  </node>\n</cib>";

    @Test
    void parsedAttributesKeepDocumentOrderAndEqualAnOrdinaryMap() {
        XmlElement node = new XmlParser().parse(XML, "t.xml").children().get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "n1");
        expected.put("uname", "n1");
        expected.put("type", "member");
        assertThat(node.attributes()).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(node.attributes());
        assertThat(List.copyOf(node.attributes().keySet())).containsExactly("id", "uname", "type");
        assertThat(node.attr(new String("uname"))).as("a name that is not interned").isEqualTo("n1");
        assertThat(node.attr("missing")).isNull();
        assertThat(node).isEqualTo(XmlElement.of("node", expected)).hasSameHashCodeAs(XmlElement.of("node", expected));
        assertThatThrownBy(() -> node.attributes().put("id", "n9")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> node.attributes().entrySet().iterator().next().setValue("n9"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void textIsStrippedAndIndentationIsNotText() {
        XmlElement cib = new XmlParser().parse(XML, "t.xml");
        assertThat(cib.text()).isNull();
        assertThat(cib.children().get(0).text()).isNull();
        assertThat(cib.children().get(1).text()).isEqualTo("text & more");
        assertThat(cib.children().get(1).position().toString()).contains("t.xml:3");
    }

    @Test
    void editsGiveNewElementsAndLeaveTheParsedOneAlone() {
        XmlElement node = new XmlParser().parse(XML, "t.xml").children().get(0);
        XmlElement edited = node.withAttribute("type", "remote").withAttribute("uname", null);
        assertThat(edited.attributes()).containsExactly(Map.entry("id", "n1"), Map.entry("type", "remote"));
        assertThat(node.attr("type")).isEqualTo("member");
        assertThat(edited).isNotEqualTo(node);
    }

    @Test
    void refusesDtdsEntitiesOversizedAndMalformedInputInOneLine() {
        XmlParser parser = new XmlParser();
        assertThatThrownBy(() -> parser.parse("<!DOCTYPE cib [<!ENTITY e \"x\">]><cib>&e;</cib>", "d.xml"))
                .isInstanceOf(CibException.class).hasMessageStartingWith("d.xml:1:").hasMessageContaining("DTD");
        assertThatThrownBy(() -> new XmlParser(10).parse("<cib a=\"0123456789\"/>", "big.xml"))
                .isInstanceOf(CibException.class).hasMessageContaining("over the limit of 10 bytes");
        assertThatThrownBy(() -> parser.parse("<cib>\n  <node a=\"1\" a=\"2\"/></cib>", "m.xml"))
                .isInstanceOf(CibException.class).hasMessageStartingWith("m.xml:2:")
                .hasMessageContaining("malformed XML").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> parser.parse("<cib><node></cib>", "u.xml"))
                .isInstanceOf(CibException.class).hasMessageStartingWith("u.xml:1:");
    }

    @Test
    void descendantsAndSelfWalksDepthFirstInDocumentOrder() {
        XmlElement cib = new XmlParser().parse("<a id=\"1\"><b id=\"2\"><c id=\"3\"/><d id=\"4\"/></b><e id=\"5\"><f id=\"6\"/></e></a>",
                "t.xml");
        assertThat(cib.descendantsAndSelf().map(XmlElement::name)).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(cib.children().get(1).descendantsAndSelf().map(XmlElement::id)).containsExactly("5", "6");
        assertThat(cib.descendantsAndSelf().filter(e -> e.name().equals("d")).findFirst()).map(XmlElement::id)
                .contains("4");
    }
}
