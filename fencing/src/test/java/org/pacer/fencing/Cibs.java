package org.pacer.fencing;

import java.util.Map;
import java.util.stream.Collectors;

import org.pacer.cib.model.Cib;

/** Small CIB documents for tests: fence devices as stonith primitives, a topology, nodes and options. */
final class Cibs {
    private Cibs() {
    }

    static String device(String id, String agent, Map<String, String> attributes) {
        return device(id, agent, attributes, "");
    }

    static String device(String id, String agent, Map<String, String> attributes, String meta) {
        String pairs = attributes.entrySet().stream()
                .map(e -> "<nvpair id=\"" + id + "-" + e.getKey() + "\" name=\"" + escape(e.getKey())
                        + "\" value=\"" + escape(e.getValue()) + "\"/>")
                .collect(Collectors.joining());
        return "<primitive id=\"" + id + "\" class=\"stonith\" type=\"" + agent + "\">"
                + "<instance_attributes id=\"" + id + "-ia\">" + pairs + "</instance_attributes>" + meta
                + "</primitive>";
    }

    static String level(String id, int index, String targetAttributes, String devices) {
        return "<fencing-level id=\"" + id + "\" index=\"" + index + "\" " + targetAttributes + " devices=\""
                + devices + "\"/>";
    }

    static Cib cib(String resources, String topology) {
        return cib(resources, topology, "", "");
    }

    static Cib cib(String resources, String topology, String nodes, String options) {
        String xml = "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.9\">"
                + "<configuration><crm_config><cluster_property_set id=\"opts\">" + options
                + "</cluster_property_set></crm_config><nodes>" + nodes + "</nodes><resources>" + resources
                + "</resources><constraints/><fencing-topology>" + topology + "</fencing-topology></configuration>"
                + "<status/></cib>";
        return Cib.parse(xml, "test.xml");
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
