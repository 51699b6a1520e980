package io.vigil.schemas;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map of names to numbers over a list of names and an array of values, in the names'
 * order: what a record's {@code map<double>} field (a prediction's features) holds without a hash
 * table built and boxed per record. Vigil's Avro writer writes it from the arrays; every other
 * reader sees an ordinary map. The names must be distinct; neither they nor the values are copied,
 * so the caller must not change them while the map is in use.
 */
public final class NamedDoubles extends AbstractMap<String, Double> {

    private final List<String> names;
    private final double[] values;

    /**
     * @param names distinct names
     * @param values {@code values[i]} is {@code names.get(i)}'s; at least as many as names
     */
    public NamedDoubles(List<String> names, double[] values) {
        if (values.length < names.size()) {
            throw new IllegalArgumentException(
                    names.size() + " names but " + values.length + " values");
        }
        this.names = names;
        this.values = values;
    }

    /** The name of entry {@code i}, in the map's order. */
    public String name(int i) {
        return names.get(i);
    }

    /** The value of entry {@code i}, in the map's order. */
    public double value(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return names.size();
    }

    @Override
    public Double get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    /** Where {@code key} is among the names (a name as text: a String or Avro's Utf8), or -1. */
    private int indexOf(Object key) {
        return key instanceof CharSequence text ? names.indexOf(text.toString()) : -1;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.size();
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return Map.entry(names.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.size();
            }
        };
    }
}
