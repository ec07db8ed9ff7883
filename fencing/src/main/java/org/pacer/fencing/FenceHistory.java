package org.pacer.fencing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The fencing operations this node knows of, its own and those merged from peers, keyed by entry id. All
 * state is guarded by one lock; listeners are told of every change (outside the lock), which is how the
 * cluster replicates new entries. Finished entries beyond {@link #CAPACITY} are dropped oldest first;
 * pending ones are never dropped.
 */
public final class FenceHistory {
    /** How many finished entries are kept, like Pacemaker's bounded fencing history. */
    public static final int CAPACITY = 500;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}; in the order entries were first seen. */
    private final Map<String, FenceHistoryEntry> entries = new LinkedHashMap<>();
    private final List<Consumer<FenceHistoryEntry>> listeners = new CopyOnWriteArrayList<>();

    /** Every entry, oldest request first. */
    public List<FenceHistoryEntry> entries() {
        synchronized (lock) {
            List<FenceHistoryEntry> all = new ArrayList<>(entries.values());
            all.sort(Comparator.comparing(FenceHistoryEntry::requestedAt));
            return List.copyOf(all);
        }
    }

    /** The entries whose target is {@code target}, oldest request first. */
    public List<FenceHistoryEntry> entries(String target) {
        return entries().stream().filter(e -> e.target().equals(target)).toList();
    }

    /** The most recent successful fencing of {@code target}, if any. */
    public Optional<FenceHistoryEntry> lastDone(String target) {
        return entries(target).stream().filter(e -> e.state() == FenceState.DONE)
                .max(Comparator.comparing(FenceHistoryEntry::completedAt));
    }

    /** Records a new entry or a new state of a known one (this node's own operations). */
    public void record(FenceHistoryEntry entry) {
        synchronized (lock) {
            entries.put(entry.id(), entry);
            trim();
        }
        listeners.forEach(listener -> listener.accept(entry));
    }

    /**
     * Merges entries replicated from a peer: unknown ids are added, known ones replaced only by a finished
     * state (so a late copy of a pending entry never hides its outcome). Listeners hear only real changes.
     */
    public void merge(Collection<FenceHistoryEntry> fromPeer) {
        List<FenceHistoryEntry> changed = new ArrayList<>();
        synchronized (lock) {
            for (FenceHistoryEntry entry : fromPeer) {
                FenceHistoryEntry known = entries.get(entry.id());
                if (known == null || (!known.state().finished() && entry.state().finished())) {
                    entries.put(entry.id(), entry);
                    changed.add(entry);
                }
            }
            trim();
        }
        changed.forEach(entry -> listeners.forEach(listener -> listener.accept(entry)));
    }

    /** Tells {@code listener} of every entry recorded or merged from now on. */
    public void subscribe(Consumer<FenceHistoryEntry> listener) {
        listeners.add(listener);
    }

    /** Forgets the finished entries of {@code target} (all targets when null), like {@code --cleanup}. */
    public void clear(String target) {
        synchronized (lock) {
            entries.values().removeIf(e -> e.state().finished() && (target == null || e.target().equals(target)));
        }
    }

    private void trim() {
        long finished = entries.values().stream().filter(e -> e.state().finished()).count();
        Iterator<FenceHistoryEntry> oldest = entries.values().iterator();
        while (finished > CAPACITY && oldest.hasNext()) {
            if (oldest.next().state().finished()) {
                oldest.remove();
                finished--;
            }
        }
    }
}
