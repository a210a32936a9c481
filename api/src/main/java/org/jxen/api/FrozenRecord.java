package org.jxen.api;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An object's record as a store keeps it: never changed (a change makes a new one), its fields in
 * order. Because it never changes, the JSON-RPC writer encodes it once and keeps the bytes here: a
 * reply of every VM's record (megabytes, mostly unchanged since the last one) is then copied, not
 * encoded again.
 */
public final class FrozenRecord extends AbstractMap<String, Object> {
    private final LinkedHashMap<String, Object> fields;
    private final Set<Entry<String, Object>> entries;
    /** The record's JSON, once written; volatile so that a reader on another thread sees all of it. */
    private volatile byte[] json;

    /**
     * A record of these fields, in their order. The record takes {@code fields} over: the caller
     * changes it no more, and its values never change (frozen lists and maps).
     */
    public FrozenRecord(LinkedHashMap<String, Object> fields) {
        this.fields = fields;
        this.entries = Collections.unmodifiableMap(fields).entrySet();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries;
    }

    @Override
    public Object get(Object key) {
        return fields.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        fields.forEach(action);
    }

    byte[] json() {
        return json;
    }

    void json(byte[] encoded) {
        json = encoded;
    }
}
