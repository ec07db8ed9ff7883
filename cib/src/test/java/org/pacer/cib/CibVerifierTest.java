package org.pacer.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CibVerifierTest {
    private static final String GOOD_RESOURCES = """
            <primitive id="db" class="ocf" provider="heartbeat" type="Dummy">
              <operations><op id="db-mon" name="monitor" interval="10s" timeout="PT20S"/></operations>
            </primitive>
            <primitive id="tpl-user" template="tpl"/>
            <template id="tpl" class="ocf" provider="pacemaker" type="Stateful"/>
            <primitive id="fence" class="stonith" type="fence_dummy"/>
            <group id="g"><primitive id="web" class="systemd" type="httpd"/></group>
            <clone id="g-clone"><primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2"/></clone>
            """;

    private static String cib(String resources, String constraints, String extra) {
        return """
                <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7">
                  <configuration>
                    <crm_config><cluster_property_set id="opts">
                      <nvpair id="opts-recheck" name="cluster-recheck-interval" value="5min"/>
                    </cluster_property_set></crm_config>
                    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
                    <resources>
                """ + resources + """
                    </resources>
                    <constraints>
                """ + constraints + """
                    </constraints>
                """ + extra + """
                  </configuration>
                  <status/>
                </cib>
                """;
    }

    private static List<String> problems(String xml) {
        return CibVerifier.verify(new XmlParser().parse(xml, "t.xml")).stream().map(Object::toString).toList();
    }

    @Test
    void aGoodCibHasNoProblems() {
        assertThat(problems(cib(GOOD_RESOURCES, """
                <rsc_location id="loc" rsc="db" node="n1" score="-INFINITY"/>
                <rsc_location id="loc-rule" rsc-pattern="^d">
                  <rule id="loc-rule-r" score-attribute="weight"><expression id="e" attribute="#uname"
                      operation="eq" value="n1"/></rule>
                </rsc_location>
                <rsc_colocation id="col" rsc="web" with-rsc="g-clone" score="+INFINITY" rsc-role="Started"/>
                <rsc_order id="ord" first="tpl" then="all">
                </rsc_order>
                <rsc_ticket id="t" ticket="T" rsc="g" loss-policy="stop"/>
                <rsc_order id="ord-set"><resource_set id="s1"><resource_ref id="db"/><resource_ref id="g"/>
                </resource_set></rsc_order>
                """, """
                <fencing-topology><fencing-level id="fl" target="n1" index="1" devices="fence"/></fencing-topology>
                <tags><tag id="all"><obj_ref id="db"/><obj_ref id="web"/></tag></tags>
                """))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            duplicate id | <primitive id='db' class='lsb' type='x'/> | | \
            /cib/configuration/resources/primitive[@id='db'][2]: duplicate id 'db' (first used by <primitive> at line 8)
            unknown class | <primitive id='x' class='bogus' type='x'/> | | \
            /cib/configuration/resources/primitive[@id='x']: unknown resource class 'bogus'
            ocf without provider | <primitive id='x' class='ocf' type='Dummy'/> | | \
            /cib/configuration/resources/primitive[@id='x']: class 'ocf' needs a provider
            provider on lsb | <primitive id='x' class='lsb' provider='heartbeat' type='Dummy'/> | | \
            only class 'ocf' takes a provider, not 'lsb'
            missing type | <primitive id='x' class='lsb'/> | | \
            /cib/configuration/resources/primitive[@id='x']: missing required attribute 'type'
            missing template | <primitive id='x' template='nope'/> | | \
            template 'nope' is not a resource template in the configuration
            bad interval | <primitive id='x' class='lsb' type='x'><operations><op id='o' name='monitor' interval='10 parsecs'/></operations></primitive> | | \
            /cib/configuration/resources/primitive[@id='x']/operations/op[@id='o']: invalid interval '10 parsecs'
            bad timeout | <primitive id='x' class='lsb' type='x'><operations><op id='o' name='monitor' interval='0' timeout='-5'/></operations></primitive> | | \
            invalid timeout '-5'
            op without interval | <primitive id='x' class='lsb' type='x'><operations><op id='o' name='monitor'/></operations></primitive> | | \
            op[@id='o']: missing required attribute 'interval'
            group of clones | <group id='gg'><clone id='cc'><primitive id='p' class='lsb' type='x'/></clone></group> | | \
            a group may contain only primitives, not <clone>
            empty clone | <clone id='cc'/> | | \
            /cib/configuration/resources/clone[@id='cc']: a clone must contain exactly one primitive or group, not 0
            bad stickiness | <primitive id='x' class='lsb' type='x'><meta_attributes id='m'><nvpair id='m1' name='resource-stickiness' value='lots'/></meta_attributes></primitive> | | \
            nvpair[@id='m1']: invalid score 'lots' for resource-stickiness
            location to missing resource | | <rsc_location id='l' rsc='ghost' node='n1' score='10'/> | \
            /cib/configuration/constraints/rsc_location[@id='l']: rsc 'ghost' is not a resource, template or tag in the configuration
            bad score | | <rsc_location id='l' rsc='db' node='n1' score='10.5'/> | \
            rsc_location[@id='l']: invalid score '10.5' (expected an integer, INFINITY or -INFINITY)
            location without node | | <rsc_location id='l' rsc='db' score='10'/> | \
            rsc_location[@id='l']: needs node and score, or a rule
            colocation to missing resource | | <rsc_colocation id='c' rsc='db' with-rsc='ghost' score='INFINITY'/> | \
            with-rsc 'ghost' is not a resource, template or tag
            order missing then | | <rsc_order id='o' first='db'/> | \
            rsc_order[@id='o']: missing required attribute 'then'
            set naming missing resource | | <rsc_order id='o'><resource_set id='s'><resource_ref id='db'/><resource_ref id='ghost'/></resource_set></rsc_order> | \
            resource_set[@id='s']/resource_ref[@id='ghost']: id 'ghost' is not a resource, template or tag
            bad role | | <rsc_colocation id='c' rsc='db' with-rsc='web' score='1' rsc-role='Boss'/> | \
            invalid rsc-role 'Boss'
            ticket without ticket | | <rsc_ticket id='t' rsc='db'/> | \
            rsc_ticket[@id='t']: missing required attribute 'ticket'
            expression with unknown type | | <rsc_location id='l' rsc='db'><rule id='r' score='1'><expression id='e' attribute='a' operation='eq' value='1' type='float'/></rule></rsc_location> | \
            expression[@id='e']: unknown type 'float' (expected string, integer, number or version)
            lower-case infinity | | <rsc_location id='l' rsc='db' node='n1' score='infinity'/> | \
            rsc_location[@id='l']: invalid score 'infinity'
            missing id-ref | | <rsc_location id='l' rsc='db'><rule id-ref='nope'/></rsc_location> | \
            rule: id-ref 'nope' is not an id in the configuration
            tag naming missing id | | | \
            tag[@id='t']/obj_ref[@id='ghost']: id 'ghost' is not an id in the configuration
            fencing level with unknown device | | | \
            fencing-level[@id='fl']: device 'nope' is not a configured resource
            """)
    void findsEachKindOfProblem(String kind, String resources, String constraints, String expected) {
        String extra = switch (kind) {
            case "tag naming missing id" -> "<tags><tag id='t'><obj_ref id='ghost'/></tag></tags>";
            case "fencing level with unknown device" ->
                    "<fencing-topology><fencing-level id='fl' target='n1' index='1' devices='fence,nope'/>"
                            + "</fencing-topology>";
            default -> "";
        };
        String xml = cib(GOOD_RESOURCES + (resources == null ? "" : resources),
                constraints == null ? "" : constraints, extra);
        List<String> found = problems(xml);
        assertThat(found).as(kind).hasSize(1);
        assertThat(found.get(0)).startsWith("t.xml:").contains(expected);
    }

    @Test
    void missingSectionsAndABadVersionAreReported() {
        List<String> found = problems("<cib epoch='x'><configuration><nodes/></configuration></cib>");
        assertThat(found).containsExactly(
                "t.xml:1: /cib: <cib epoch=\"x\">: not a non-negative whole number",
                "t.xml:1: /cib/configuration: missing <crm_config>",
                "t.xml:1: /cib/configuration: missing <resources>",
                "t.xml:1: /cib/configuration: missing <constraints>");
        assertThat(problems("<configuration/>")).containsExactly("t.xml:1: /configuration: the root element must be <cib>");
    }
}
