package org.pacer.cluster;

import java.nio.file.Path;
import java.util.Optional;

import org.pacer.cib.CibStore;
import org.pacer.cib.XmlElement;

/**
 * A node's CIB persisted with the foundation's {@link CibStore} in {@code STATE_DIR/cib}: atomic,
 * checksummed, with the newest {@link #BACKUPS} versions kept as backups.
 */
public final class StoredCib implements CibPersistence {
    public static final int BACKUPS = 10;
    private final CibStore store;

    public StoredCib(Path stateDir) {
        this.store = new CibStore(stateDir.resolve("cib"), BACKUPS);
    }

    @Override
    public Optional<XmlElement> load() {
        return store.load();
    }

    @Override
    public void save(XmlElement cib) {
        store.save(cib);
    }
}
