package org.pacer.scheduler;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * Evaluates {@code <rule>} elements (node attribute expressions, date expressions, resource and operation
 * expressions) against one context. Stateless apart from the index used to follow {@code id-ref}s.
 */
final class RuleEvaluator {
    /** What a rule is evaluated against; any part may be absent (null or empty). */
    record Context(Map<String, String> nodeAttributes, LocalDateTime now, Map<String, String> params,
                   Map<String, String> meta, String rscClass, String rscProvider, String rscType,
                   String opName, long opIntervalMs) {
        static Context at(LocalDateTime now) {
            return new Context(Map.of(), now, Map.of(), Map.of(), null, null, null, null, -1);
        }

        Context withNode(Map<String, String> attributes) {
            return new Context(attributes, now, params, meta, rscClass, rscProvider, rscType, opName, opIntervalMs);
        }
    }

    private final Map<String, XmlElement> byId;

    RuleEvaluator(Map<String, XmlElement> byId) {
        this.byId = byId;
    }

    XmlElement resolve(XmlElement element) {
        String ref = element.attr("id-ref");
        if (ref != null && byId.containsKey(ref)) {
            return byId.get(ref);
        }
        return element;
    }

    boolean matches(XmlElement rule, Context ctx) {
        rule = resolve(rule);
        boolean or = "or".equalsIgnoreCase(rule.attr("boolean-op"));
        boolean any = false;
        for (XmlElement child : rule.children()) {
            Boolean result = switch (child.name()) {
                case "rule" -> matches(child, ctx);
                case "expression" -> expression(resolve(child), ctx);
                case "date_expression" -> dateExpression(child, ctx.now());
                case "rsc_expression" -> rscExpression(child, ctx);
                case "op_expression" -> opExpression(child, ctx);
                default -> null;
            };
            if (result == null) {
                continue;
            }
            any = true;
            if (or && result) {
                return true;
            }
            if (!or && !result) {
                return false;
            }
        }
        return !or || !any;
    }

    private boolean rscExpression(XmlElement e, Context ctx) {
        return same(e.attr("class"), ctx.rscClass()) && same(e.attr("provider"), ctx.rscProvider())
                && same(e.attr("type"), ctx.rscType());
    }

    private boolean opExpression(XmlElement e, Context ctx) {
        if (ctx.opName() == null) {
            return false;
        }
        if (e.attr("name") != null && !e.attr("name").equals(ctx.opName())) {
            return false;
        }
        return e.attr("interval") == null || Scores.intervalMs(e.attr("interval")) == ctx.opIntervalMs();
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private boolean expression(XmlElement e, Context ctx) {
        String attribute = e.attr("attribute");
        String op = e.attr("operation", "eq").toLowerCase(Locale.ROOT);
        Map<String, String> attrs = ctx.nodeAttributes() == null ? Map.of() : ctx.nodeAttributes();
        String actual = attribute == null ? null : attrs.get(attribute);
        if (op.equals("defined")) {
            return actual != null;
        }
        if (op.equals("not_defined")) {
            return actual == null;
        }
        String expected = e.attr("value");
        String source = e.attr("value-source", "literal");
        if (expected != null && source.equals("param")) {
            expected = ctx.params() == null ? null : ctx.params().get(expected);
        } else if (expected != null && source.equals("meta")) {
            expected = ctx.meta() == null ? null : ctx.meta().get(expected);
        }
        if (actual == null || expected == null) {
            // A missing value only satisfies "ne".
            return op.equals("ne") && !(actual == null && expected == null);
        }
        int cmp = compare(actual, expected, e.attr("type"), op);
        return switch (op) {
            case "eq" -> cmp == 0;
            case "ne" -> cmp != 0;
            case "lt" -> cmp < 0;
            case "lte" -> cmp <= 0;
            case "gt" -> cmp > 0;
            case "gte" -> cmp >= 0;
            default -> false;
        };
    }

    private static int compare(String a, String b, String type, String op) {
        String t = type == null ? null : type.toLowerCase(Locale.ROOT);
        if (t == null) {
            if (op.equals("lt") || op.equals("gt") || op.equals("lte") || op.equals("gte")) {
                t = (a.contains(".") || b.contains(".")) ? "number" : "integer";
            } else {
                t = "string";
            }
        }
        try {
            switch (t) {
                case "integer" -> {
                    return Long.compare(integer(a), integer(b));
                }
                case "number" -> {
                    return new BigDecimal(a.trim()).compareTo(new BigDecimal(b.trim()));
                }
                case "version" -> {
                    return compareVersions(a, b);
                }
                default -> {
                    return a.compareToIgnoreCase(b) == 0 ? 0 : a.compareTo(b);
                }
            }
        } catch (NumberFormatException ex) {
            return a.compareToIgnoreCase(b) == 0 ? 0 : a.compareTo(b);
        }
    }

    private static long integer(String s) {
        String t = s.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return new BigDecimal(t).longValue();
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i].trim()) : 0;
            long q = i < y.length ? Long.parseLong(y[i].trim()) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private boolean dateExpression(XmlElement e, LocalDateTime now) {
        String op = e.attr("operation", "in_range");
        LocalDateTime start = e.attr("start") == null ? null : IsoDates.parse(e.attr("start"));
        LocalDateTime end = e.attr("end") == null ? null : IsoDates.parse(e.attr("end"));
        switch (op) {
            case "gt" -> {
                return start != null && now.isAfter(start);
            }
            case "lt" -> {
                return end != null && now.isBefore(end);
            }
            case "date_spec" -> {
                return e.child("date_spec").map(spec -> dateSpec(spec.attributes(), now)).orElse(false);
            }
            default -> {
                if (end == null && start != null) {
                    end = e.child("duration").map(d -> IsoDates.plus(start, d.attributes())).orElse(null);
                }
                if (start != null && now.isBefore(start)) {
                    return false;
                }
                return end == null || !now.isAfter(end);
            }
        }
    }

    private static boolean dateSpec(Map<String, String> spec, LocalDateTime now) {
        return inRange(spec.get("years"), now.getYear())
                && inRange(spec.get("months"), now.getMonthValue())
                && inRange(spec.get("monthdays"), now.getDayOfMonth())
                && inRange(spec.get("hours"), now.getHour())
                && inRange(spec.get("minutes"), now.getMinute())
                && inRange(spec.get("seconds"), now.getSecond())
                && inRange(spec.get("yeardays"), now.getDayOfYear())
                && inRange(spec.get("weekdays"), now.getDayOfWeek().getValue())
                && inRange(spec.get("weeks"), now.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                && inRange(spec.get("weekyears"), now.get(IsoFields.WEEK_BASED_YEAR));
    }

    private static boolean inRange(String range, int value) {
        if (range == null || range.isBlank()) {
            return true;
        }
        for (String part : range.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-', 1);
            try {
                if (dash > 0) {
                    String lo = p.substring(0, dash).trim();
                    String hi = p.substring(dash + 1).trim();
                    if ((lo.isEmpty() || value >= Integer.parseInt(lo)) && (hi.isEmpty() || value <= Integer.parseInt(hi))) {
                        return true;
                    }
                } else if (Integer.parseInt(p) == value) {
                    return true;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
