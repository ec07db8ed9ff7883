package org.pacer.cib.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * A {@code <rule>}: conditions joined by {@code boolean-op} (and by default). In a location constraint a
 * rule carries a score or a score-attribute and may be limited to a role.
 */
public record Rule(String id, String idRef, String score, String scoreAttribute, String booleanOp, String role,
                   List<RuleCondition> conditions, XmlElement source) implements RuleCondition {

    public boolean isOr() {
        return "or".equalsIgnoreCase(booleanOp);
    }

    public static Rule from(XmlElement element) {
        List<RuleCondition> conditions = new ArrayList<>();
        for (XmlElement child : element.children()) {
            switch (child.name()) {
                case "rule" -> conditions.add(from(child));
                case "expression" -> conditions.add(new RuleCondition.Expression(child.id(), child.attr("attribute"),
                        child.attr("operation"), child.attr("value"), child.attr("type"),
                        child.attr("value-source"), child));
                case "date_expression" -> conditions.add(new RuleCondition.DateExpression(child.id(),
                        child.attr("operation"), child.attr("start"), child.attr("end"),
                        child.child("duration").map(XmlElement::attributes).orElse(Map.of()),
                        child.child("date_spec").map(XmlElement::attributes).orElse(Map.of()), child));
                case "rsc_expression" -> conditions.add(new RuleCondition.ResourceExpression(child.id(),
                        child.attr("class"), child.attr("provider"), child.attr("type"), child));
                case "op_expression" -> conditions.add(new RuleCondition.OperationExpression(child.id(),
                        child.attr("name"), child.attr("interval"), child));
                default -> {
                    // Unknown conditions stay in the source element; validation reports them.
                }
            }
        }
        return new Rule(element.id(), element.attr("id-ref"), element.attr("score"),
                element.attr("score-attribute"), element.attr("boolean-op"), element.attr("role"),
                List.copyOf(conditions), element);
    }
}
