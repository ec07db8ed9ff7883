package org.pacer.cluster;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is on the other end of a local connection (SO_PEERCRED) and whether they may change the cluster:
 * root, the user pacerd runs as, and members of the group {@code haclient} (primary or listed in
 * /etc/group). Everyone else may only ask about membership and quorum.
 */
public record PeerCredentials(String user, String group, boolean mayWrite) {
    public static final String ADMIN_GROUP = "haclient";

    static PeerCredentials of(SocketChannel channel) {
        UnixDomainPrincipal principal;
        try {
            principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return new PeerCredentials("unknown", "unknown", false);
        }
        String user = principal.user().getName();
        String group = principal.group().getName();
        boolean allowed = user.equals("root") || user.equals("0") || user.equals(System.getProperty("user.name"))
                || group.equals(ADMIN_GROUP) || listedIn(ADMIN_GROUP, user);
        return new PeerCredentials(user, group, allowed);
    }

    private static boolean listedIn(String groupName, String user) {
        try {
            return Files.readAllLines(Path.of("/etc/group")).stream()
                    .map(line -> line.split(":", -1))
                    .filter(f -> f.length >= 4 && f[0].equals(groupName))
                    .anyMatch(f -> Arrays.asList(f[3].split(",")).contains(user));
        } catch (IOException e) {
            return false;
        }
    }
}
