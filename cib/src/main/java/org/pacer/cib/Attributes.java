package org.pacer.cib;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The attributes of one {@link XmlElement}: an immutable map in document order, kept as one flat array of
 * name/value pairs. Elements have a handful of attributes, so a scan (names usually compare by identity, as the
 * parser and Java literals share interned names) beats hashing, and a parsed CIB with tens of thousands of
 * elements holds one small array each instead of a hash table with an entry object per attribute.
 */
final class Attributes extends AbstractMap<String, String> {
    static final Attributes EMPTY = new Attributes(new String[0]);

    /** name0, value0, name1, value1...; never changed after construction, names distinct. */
    private final String[] pairs;

    /** Takes {@code pairs} as it is: the caller hands over an array nobody else changes. */
    Attributes(String[] pairs) {
        this.pairs = pairs;
    }

    static Attributes copyOf(Map<String, String> attributes) {
        if (attributes instanceof Attributes same) {
            return same;
        }
        if (attributes.isEmpty()) {
            return EMPTY;
        }
        String[] pairs = new String[attributes.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new Attributes(pairs);
    }

    private int indexOf(Object name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (Objects.equals(pairs[i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : pairs[i + 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return pairs.length / 2;
    }

    @Override
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            h += Objects.hashCode(pairs[i]) ^ Objects.hashCode(pairs[i + 1]);
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Attributes other && other.pairs.length == pairs.length) {
            for (int i = 0; i < pairs.length; i += 2) {
                int j = other.indexOf(pairs[i]);
                if (j < 0 || !Objects.equals(pairs[i + 1], other.pairs[j + 1])) {
                    return false;
                }
            }
            return true;
        }
        return super.equals(o);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < pairs.length;
                        }

                        @Override
                        public Map.Entry<String, String> next() {
                            if (next >= pairs.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, String> e = new SimpleImmutableEntry<>(pairs[next], pairs[next + 1]);
                            next += 2;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return pairs.length / 2;
                }
            };
    }
}
