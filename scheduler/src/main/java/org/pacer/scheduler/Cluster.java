package org.pacer.scheduler;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pacer.cib.XmlElement;

/**
 * Everything one scheduling run knows: cluster options, nodes, resources (top level and by id), and the
 * constraints, unpacked from a CIB at a given time. The run's mutable state lives here and in the nodes and
 * resources it holds; nothing is shared between runs.
 */
final class Cluster {
    final XmlElement cib;
    final LocalDateTime now;
    final Map<String, XmlElement> byId;
    final RuleEvaluator rules;

    final Map<String, String> options = new HashMap<>();
    final Map<String, String> rscDefaults = new HashMap<>();
    boolean stonithEnabled = true;
    boolean symmetric = true;
    boolean haveQuorum = true;
    String noQuorumPolicy = "stop";
    boolean stopAllResources;
    boolean maintenanceMode;
    boolean startFailureIsFatal = true;
    boolean stopOrphans = true;
    String placementStrategy = "default";
    String dcUuid;

    final Map<String, Node> nodesByName = new LinkedHashMap<>();
    final Map<String, Node> nodesById = new HashMap<>();
    final List<Node> nodes = new ArrayList<>();

    final List<Resource> resources = new ArrayList<>();
    final Map<String, Resource> resourcesById = new LinkedHashMap<>();
    final Map<String, XmlElement> templates = new HashMap<>();
    final Map<String, List<String>> tags = new HashMap<>();
    final Map<String, Map<String, String>> tickets = new HashMap<>();

    final List<Colocation> colocations = new ArrayList<>();
    final List<Ordering> orderings = new ArrayList<>();
    final List<TicketBan> ticketBans = new ArrayList<>();
    /** Allocation scores as they were when each resource was placed, for --show-scores. */
    final List<String> scoreLines = new ArrayList<>();

    Cluster(XmlElement cib, LocalDateTime now) {
        this.cib = cib;
        this.now = now;
        this.byId = new HashMap<>();
        cib.descendantsAndSelf().forEach(e -> {
            String id = e.attr("id");
            if (id != null && e.attr("id-ref") == null) {
                byId.putIfAbsent(id, e);
            }
        });
        this.rules = new RuleEvaluator(byId);
    }

    private Map<String, Resource> clonesByBase;

    /** The clone whose instances are copies of the primitive with this configured id, or null. */
    Resource cloneOfBase(String baseId) {
        if (clonesByBase == null) {
            clonesByBase = new HashMap<>();
            for (Resource c : resourcesById.values()) {
                if (c.isClone() && !c.children.isEmpty()) {
                    for (Resource p : c.children.get(0).primitives()) {
                        clonesByBase.putIfAbsent(p.baseId, c);
                    }
                }
            }
        }
        return clonesByBase.get(baseId);
    }

    Node node(String name) {
        return nodesByName.get(name);
    }

    /**
     * Whether this partition may fence the node: fencing is enabled and either it has quorum (or ignores its
     * loss), or the node is a member it can see, whose failure cannot be mistaken for a partition.
     */
    boolean canFence(Node n) {
        return stonithEnabled && (haveQuorum || noQuorumPolicy.equals("ignore") || noQuorumPolicy.equals("suicide")
                || n.online);
    }

    /** Whether any fence device is configured; with fencing enabled and none, Pacemaker only probes. */
    boolean hasFenceDevice() {
        for (Resource r : resourcesById.values()) {
            if (r.isPrimitive() && !r.orphan && "stonith".equals(r.agentClass)) {
                return true;
            }
        }
        return false;
    }

    /** A colocation between two resources: dependent placed relative to primary. */
    record Colocation(String id, Resource dependent, Resource primary, int score, Role dependentRole,
                      Role primaryRole, String nodeAttribute, boolean influence) {
    }

    /** Kinds of ordering, as order constraints name them. */
    enum OrderKind { MANDATORY, OPTIONAL, SERIALIZE }

    /** An ordering of one resource's action before another's. */
    record Ordering(String id, Resource first, String firstAction, Resource then, String thenAction,
                    OrderKind kind, boolean symmetrical, boolean requireAll) {
    }

    /** A resource (in a role, or any role) that may not run because its ticket is not granted. */
    record TicketBan(Resource resource, Role role, String lossPolicy, boolean revoked) {
    }
}
