package org.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

class CibDocumentsTest {
    private final XmlElement cib = new XmlParser().parse("""
            <cib admin_epoch="0" epoch="3" num_updates="1"><configuration><crm_config/><nodes/>
            <resources><primitive id="a" class="ocf" provider="heartbeat" type="IPaddr2"/>
            <primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/></resources><constraints/></configuration>
            <status/></cib>""", "t");

    @Test
    void modifyMergesIntoTheElementWithTheSameId() {
        XmlElement result = CibDocuments.modify(cib, new XmlParser().parse(
                "<primitive id='b' description='x'><meta_attributes id='b-meta'/></primitive>", "f"));
        XmlElement b = CibDocuments.select(result, "//primitive[@id='b']").get(0);
        assertThat(b.attr("description")).isEqualTo("x");
        assertThat(b.attr("type")).isEqualTo("Dummy");
        assertThat(b.children("meta_attributes")).hasSize(1);
        assertThatThrownBy(() -> CibDocuments.modify(cib, new XmlParser().parse("<primitive id='zz'/>", "f")))
                .hasMessage("no <primitive id=\"zz\"> in the CIB to modify");
    }

    @Test
    void deleteRemovesWhatTheXpathSelects() {
        XmlElement result = CibDocuments.delete(cib, "//primitive[@type='Dummy']");
        assertThat(CibDocuments.select(result, "//primitive")).extracting(XmlElement::id).containsExactly("a");
        assertThatThrownBy(() -> CibDocuments.delete(cib, "//nothing")).hasMessage("--xpath '//nothing' selects nothing");
        assertThatThrownBy(() -> CibDocuments.delete(cib, "/cib")).hasMessageContaining("whole <cib>");
        assertThatThrownBy(() -> CibDocuments.select(cib, "//[")).hasMessageStartingWith("--xpath '//[': not a valid XPath");
    }

    @Test
    void digestFollowsContent() {
        assertThat(CibDocuments.digest(cib)).isEqualTo(CibDocuments.digest(new XmlParser().parse(
                org.pacer.cib.XmlWriter.toXml(cib), "again")));
        assertThat(CibDocuments.digest(cib)).isNotEqualTo(CibDocuments.digest(cib.withAttribute("epoch", "4")));
    }
}
