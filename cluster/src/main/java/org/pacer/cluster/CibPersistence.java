package org.pacer.cluster;

import java.util.Optional;

import org.pacer.cib.XmlElement;

/**
 * Where a node keeps its copy of the CIB across restarts. {@link #save} returns only once the copy is
 * durable, and a crash during it leaves the previous copy or the new one, never a mixture.
 */
public interface CibPersistence {
    Optional<XmlElement> load();

    void save(XmlElement cib);
}
