package org.pacer.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;

/**
 * A protocol just above the transport that drops every message from chosen nodes, to cut links the way
 * a broken network does. Tests make partitions with it; in production the set is empty and it passes
 * everything. Thread-safe: the blocked set is concurrent.
 */
public final class LinkFilter extends Protocol {
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();

    public void block(String node) {
        blocked.add(node);
    }

    public void unblock(String node) {
        blocked.remove(node);
    }

    public void unblockAll() {
        blocked.clear();
    }

    private boolean dropped(Address sender) {
        if (blocked.isEmpty() || sender == null) {
            return false;
        }
        String name = NameCache.get(sender);
        return name != null && blocked.contains(name);
    }

    @Override
    public Object up(Message msg) {
        return dropped(msg.getSrc()) ? null : up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        if (dropped(batch.sender())) {
            return;
        }
        up_prot.up(batch);
    }

    @Override
    public Object down(Message msg) {
        Address dest = msg.getDest();
        if (dest != null && dropped(dest)) {
            return null;
        }
        return down_prot.down(msg);
    }
}
