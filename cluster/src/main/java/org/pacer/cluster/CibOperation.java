package org.pacer.cluster;

import org.pacer.cib.XmlElement;

/**
 * A change a client asks the cluster to make to the CIB, as {@code cibadmin} would: replace the whole
 * document, merge a fragment into the element with the same name and id, or delete what an XPath selects.
 * The DC turns it into a new CIB; members only ever see the result.
 */
public sealed interface CibOperation {
    /** A short name for logs and the local API. */
    String kind();

    /** Replaces the whole CIB; the status section is kept when the new document has none. */
    record Replace(XmlElement cib) implements CibOperation {
        @Override
        public String kind() {
            return "replace";
        }
    }

    /** Merges attributes and children into the element with the same name and id. */
    record Modify(XmlElement fragment) implements CibOperation {
        @Override
        public String kind() {
            return "modify";
        }
    }

    /** Deletes every element the XPath expression selects. */
    record Delete(String xpath) implements CibOperation {
        @Override
        public String kind() {
            return "delete";
        }
    }
}
