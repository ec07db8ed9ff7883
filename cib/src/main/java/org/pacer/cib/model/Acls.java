package org.pacer.cib.model;

import java.util.List;

import org.pacer.cib.XmlElement;

/**
 * The {@code <acls>} section: roles made of permissions, and subjects (users as {@code acl_target} or
 * legacy {@code acl_user}, groups as {@code acl_group}) that are given roles.
 */
public record Acls(List<Role> roles, List<Subject> subjects, XmlElement source) {
    /** A {@code <acl_role>} and its permissions. */
    public record Role(String id, String description, List<Permission> permissions, XmlElement source) {
    }

    /** A {@code <acl_permission>} (or legacy read/write/deny element): a kind and what it covers. */
    public record Permission(String id, String kind, String xpath, String reference, String objectType,
                             String attribute, XmlElement source) {
        static Permission from(XmlElement e) {
            String kind = e.name().equals("acl_permission") ? e.attr("kind") : e.name();
            return new Permission(e.id(), kind, e.attr("xpath"), e.attr("reference", e.attr("ref")),
                    e.attr("object-type", e.attr("tag")), e.attr("attribute"), e);
        }
    }

    /** A user or group ({@code kind} is the element name) with the ids of its roles. */
    public record Subject(String kind, String id, String name, List<String> roles, List<Permission> permissions,
                          XmlElement source) {
    }

    public static final Acls NONE = new Acls(List.of(), List.of(), null);

    public static Acls from(XmlElement acls) {
        if (acls == null) {
            return NONE;
        }
        List<Role> roles = acls.children("acl_role").stream()
                .map(r -> new Role(r.id(), r.attr("description"), permissions(r), r)).toList();
        List<Subject> subjects = acls.children().stream()
                .filter(e -> List.of("acl_target", "acl_user", "acl_group").contains(e.name()))
                .map(s -> new Subject(s.name(), s.id(), s.attr("name"),
                        s.children().stream().filter(r -> r.name().equals("role") || r.name().equals("role_ref"))
                                .map(XmlElement::id).toList(),
                        permissions(s), s))
                .toList();
        return new Acls(roles, subjects, acls);
    }

    private static List<Permission> permissions(XmlElement owner) {
        return owner.children().stream()
                .filter(e -> List.of("acl_permission", "read", "write", "deny").contains(e.name()))
                .map(Permission::from).toList();
    }
}
