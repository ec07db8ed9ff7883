package org.pacer.cluster;

import java.util.List;

/**
 * One agreed view of the partition this node is in: the members by node name, oldest first, as every
 * member of the view sees them. {@code merge} is true when the view joins partitions that each had a
 * view of their own; {@code subgroups} then lists them. The DC is the oldest member.
 */
public record MembershipView(String id, List<String> members, boolean merge, List<List<String>> subgroups) {
    public MembershipView {
        members = List.copyOf(members);
        subgroups = subgroups.stream().map(List::copyOf).toList();
    }

    /** The Designated Coordinator: the oldest member, which every member computes alike. */
    public String dc() {
        return members.isEmpty() ? null : members.get(0);
    }

    public boolean contains(String node) {
        return members.contains(node);
    }
}
