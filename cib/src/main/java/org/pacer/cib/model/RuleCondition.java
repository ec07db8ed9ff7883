package org.pacer.cib.model;

import java.util.Map;

import org.pacer.cib.XmlElement;

/** One part of a {@link Rule}: a nested rule, or a test of node attributes, dates, resources or operations. */
public sealed interface RuleCondition permits Rule, RuleCondition.Expression, RuleCondition.DateExpression,
        RuleCondition.ResourceExpression, RuleCondition.OperationExpression {
    XmlElement source();

    /** {@code <expression attribute operation value type value-source>}: a test of a node attribute. */
    record Expression(String id, String attribute, String operation, String value, String type,
                      String valueSource, XmlElement source) implements RuleCondition {
    }

    /**
     * {@code <date_expression operation start end>} with an optional {@code <duration>} or
     * {@code <date_spec>}, each kept as its attributes (years, months, weekdays, hours, ...).
     */
    record DateExpression(String id, String operation, String start, String end, Map<String, String> duration,
                          Map<String, String> dateSpec, XmlElement source) implements RuleCondition {
    }

    /** {@code <rsc_expression class provider type>}: matches resources by agent. */
    record ResourceExpression(String id, String agentClass, String provider, String type, XmlElement source)
            implements RuleCondition {
    }

    /** {@code <op_expression name interval>}: matches operations. */
    record OperationExpression(String id, String name, String interval, XmlElement source)
            implements RuleCondition {
    }
}
