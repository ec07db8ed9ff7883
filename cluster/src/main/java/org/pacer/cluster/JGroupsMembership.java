package org.pacer.cluster;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SERIALIZE;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership on a JGroups channel built in code from the cluster configuration: TCP (or UDP with IP
 * multicast for messages to all, when the configuration says {@code transport = udp}) with static discovery
 * of the configured nodes, heartbeats (FD_ALL3) and socket watching (FD_SOCK2) verified by VERIFY_SUSPECT2,
 * MERGE3 to heal partitions, NAKACK2/UNICAST3 for reliable FIFO delivery. Every message, headers included,
 * is serialised (SERIALIZE) and encrypted (SYM_ENCRYPT) with a key derived from the cluster key, and AUTH
 * checks joins against the key too, so a process without it can neither join, read nor inject.
 */
public final class JGroupsMembership implements Membership {
    private static final Logger LOG = LoggerFactory.getLogger(JGroupsMembership.class);

    private final ClusterConfig config;
    private final ClusterNodeAddress self;
    private final ClusterKey key;
    private final LinkFilter linkFilter = new LinkFilter();
    private volatile JChannel channel;
    private volatile MembershipView view;

    public JGroupsMembership(ClusterConfig config, String nodeName, ClusterKey key) {
        this.config = config;
        this.self = config.requireNode(nodeName);
        this.key = key;
        this.view = new MembershipView("0", List.of(), false, List.of());
    }

    /** The link filter of this node's stack: tests cut and restore links with it. */
    public LinkFilter linkFilter() {
        return linkFilter;
    }

    @Override
    public String localNode() {
        return self.name();
    }

    @Override
    public MembershipView view() {
        return view;
    }

    @Override
    public void start(Listener listener) {
        try {
            JChannel ch = new JChannel(stack());
            ch.name(self.name());
            ch.receiver(new Receiver() {
                @Override
                public void viewAccepted(View newView) {
                    MembershipView converted = convert(newView);
                    view = converted;
                    LOG.info("view {}: members {}{}", converted.id(), converted.members(),
                            converted.merge() ? " (merge of " + converted.subgroups() + ")" : "");
                    listener.viewChanged(converted);
                }

                @Override
                public void receive(Message msg) {
                    listener.received(nameOf(msg.getSrc()), msg.getArray() == null ? new byte[0]
                            : java.util.Arrays.copyOfRange(msg.getArray(), msg.getOffset(), msg.getOffset() + msg.getLength()));
                }
            });
            channel = ch;
            ch.connect(config.name());
        } catch (ClusterException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterException("node " + self.name() + ": cannot join cluster '" + config.name() + "' on "
                    + self.host() + ":" + self.port() + ": " + e.getMessage(), e);
        }
    }

    private List<Protocol> stack() throws UnknownHostException {
        TransportSettings t = config.transport();
        TP transport = transport(t, InetAddress.getByName(self.host()));
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (ClusterNodeAddress node : config.nodes()) {
            hosts.add(new InetSocketAddress(node.host(), node.port()));
        }
        TCPPING ping = new TCPPING().initialHosts(hosts).portRange(0);
        ping.breakOnCoordResponse(true);
        ping.setValue("send_cache_on_join", true);

        SYM_ENCRYPT encrypt = new SYM_ENCRYPT();
        encrypt.setSecretKey(key.derive("jgroups-encrypt"));
        encrypt.symAlgorithm("AES/CBC/PKCS5Padding");
        encrypt.symIvLength(16);

        MERGE3 merge = new MERGE3().setMinInterval(1000).setMaxInterval(3000).setCheckInterval(4000);
        FD_SOCK2 fdSock = new FD_SOCK2();
        fdSock.setOffset(100);
        FD_ALL3 fdAll = new FD_ALL3();
        fdAll.setInterval(t.heartbeatIntervalMs());
        fdAll.setTimeout(t.failureTimeoutMs());
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2().setTimeout(t.verifyTimeoutMs());

        NAKACK2 nakack = new NAKACK2();
        nakack.setValue("xmit_interval", 100L);
        UNICAST3 unicast = new UNICAST3();
        unicast.setValue("xmit_interval", 100L);
        STABLE stable = new STABLE();
        AUTH auth = new AUTH();
        auth.setAuthToken(new ClusterKeyToken(key.derive("jgroups-auth"), config.name()));
        GMS gms = new GMS();
        gms.setJoinTimeout(1000);
        gms.setMaxJoinAttempts(3);
        gms.setViewAckCollectionTimeout(500);
        gms.setMergeTimeout(2000);
        gms.setLeaveTimeout(500);
        gms.setValue("print_local_addr", false);
        return List.of(transport, ping, linkFilter, encrypt, new SERIALIZE(), merge, fdSock, fdAll, verify,
                nakack, unicast, stable, auth, gms, new FRAG4());
    }

    /** TCP, or UDP sending to all members once by IP multicast; bound to this node's configured address. */
    private TP transport(TransportSettings t, InetAddress bind) throws UnknownHostException {
        TP transport;
        switch (t.type()) {
            case "tcp" -> transport = new TCP();
            case "udp" -> {
                UDP udp = new UDP();
                udp.setMulticastAddress(InetAddress.getByName(t.multicastAddress()));
                udp.setMulticastPort(t.multicastPort());
                // Within one site; routers further away drop the datagrams.
                udp.setMulticastTTL(8);
                transport = udp;
            }
            default -> throw new ClusterException("transport '" + t.type() + "' is not supported; use tcp or udp");
        }
        transport.setBindAddr(bind);
        transport.setBindPort(self.port());
        transport.setPortRange(0);
        transport.disableDiagnostics();
        return transport;
    }

    private MembershipView convert(View v) {
        List<String> members = v.getMembers().stream().map(JGroupsMembership::nameOf).toList();
        List<List<String>> subgroups = List.of();
        boolean merge = v instanceof MergeView;
        if (v instanceof MergeView mv) {
            subgroups = mv.getSubgroups().stream()
                    .map(sub -> sub.getMembers().stream().map(JGroupsMembership::nameOf).toList()).toList();
        }
        return new MembershipView(Long.toString(v.getViewId().getId()), members, merge, subgroups);
    }

    static String nameOf(Address address) {
        if (address == null) {
            return null;
        }
        return Objects.requireNonNullElse(NameCache.get(address), address.toString());
    }

    @Override
    public void broadcast(byte[] payload) {
        send((Address) null, payload);
    }

    @Override
    public void send(String node, byte[] payload) {
        JChannel ch = channel;
        if (ch == null || ch.getView() == null) {
            return;
        }
        for (Address member : ch.getView().getMembers()) {
            if (node.equals(nameOf(member))) {
                send(member, payload);
                return;
            }
        }
        LOG.debug("not sending to {}: not in the view", node);
    }

    private void send(Address to, byte[] payload) {
        JChannel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.send(new BytesMessage(to, payload));
        } catch (Exception e) {
            // The channel is closing or the member left; replication notices through the next view.
            LOG.debug("send to {} failed: {}", to == null ? "all" : nameOf(to), e.toString());
        }
    }

    @Override
    public void close() {
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
