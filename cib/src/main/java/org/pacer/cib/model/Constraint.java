package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/**
 * A constraint: location, colocation, order or ticket. Each names its resources either directly or
 * through resource sets; scores are kept as written (an integer or [+-]INFINITY).
 */
public sealed interface Constraint permits Constraint.Location, Constraint.Colocation, Constraint.Order,
        Constraint.Ticket {
    String id();

    List<ResourceSet> sets();

    XmlElement source();

    /** {@code <rsc_location>}: where a resource (or resources matching a pattern) may or prefer to run. */
    record Location(String id, String rsc, String rscPattern, String node, String score, String role,
                    String resourceDiscovery, List<Rule> rules, List<ResourceSet> sets, XmlElement source)
            implements Constraint {
        public static Location from(XmlElement e) {
            return new Location(e.id(), e.attr("rsc"), e.attr("rsc-pattern"), e.attr("node"), e.attr("score"),
                    e.attr("role"), e.attr("resource-discovery"), ModelReading.each(e, "rule", Rule::from),
                    ResourceSet.under(e), e);
        }
    }

    /** {@code <rsc_colocation>}: {@code rsc} placed relative to {@code withRsc}. */
    record Colocation(String id, String rsc, String withRsc, String score, String rscRole, String withRscRole,
                      String nodeAttribute, String influence, List<ResourceSet> sets, XmlElement source)
            implements Constraint {
        public static Colocation from(XmlElement e) {
            return new Colocation(e.id(), e.attr("rsc"), e.attr("with-rsc"), e.attr("score"), e.attr("rsc-role"),
                    e.attr("with-rsc-role"), e.attr("node-attribute"), e.attr("influence"), ResourceSet.under(e), e);
        }
    }

    /** {@code <rsc_order>}: {@code then}'s action after {@code first}'s. */
    record Order(String id, String first, String then, String firstAction, String thenAction, String kind,
                 String score, Boolean symmetrical, String requireAll, List<ResourceSet> sets, XmlElement source)
            implements Constraint {
        public static Order from(XmlElement e) {
            return new Order(e.id(), e.attr("first"), e.attr("then"), e.attr("first-action"), e.attr("then-action"),
                    e.attr("kind"), e.attr("score"), ModelReading.boolAttr(e, "symmetrical"), e.attr("require-all"),
                    ResourceSet.under(e), e);
        }
    }

    /** {@code <rsc_ticket>}: a resource that may run only while a ticket is granted. */
    record Ticket(String id, String rsc, String rscRole, String ticket, String lossPolicy, List<ResourceSet> sets,
                  XmlElement source) implements Constraint {
        public static Ticket from(XmlElement e) {
            return new Ticket(e.id(), e.attr("rsc"), e.attr("rsc-role"), e.attr("ticket"), e.attr("loss-policy"),
                    ResourceSet.under(e), e);
        }
    }

    static List<Constraint> all(XmlElement constraints) {
        if (constraints == null) {
            return List.of();
        }
        return constraints.children().stream().<Constraint>mapMulti((e, out) -> {
            switch (e.name()) {
                case "rsc_location" -> out.accept(Location.from(e));
                case "rsc_colocation" -> out.accept(Colocation.from(e));
                case "rsc_order" -> out.accept(Order.from(e));
                case "rsc_ticket" -> out.accept(Ticket.from(e));
                default -> {
                    // Kept in the source element; validation reports unknown constraint kinds.
                }
            }
        }).toList();
    }
}
