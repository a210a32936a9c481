package org.jxen.hv.sim;

import java.util.Arrays;

/**
 * A min-heap of entries ordered by a key, then a tie-break (both longs), held in arrays side by
 * side, so that comparing two entries touches no object and allocates nothing. The order is
 * total when tie-breaks differ, so a run repeats whatever order entries came in.
 * <p>
 * Four children per node halve a binary heap's levels, and sifting carries one entry "in hand"
 * and moves the others past it (one write per level, not a swap). Both matter: taking the
 * first entry and adding one are most of what a busy simulated host does.
 *
 * @param <T> the entries
 */
final class KeyedHeap<T> {
    private static final int ARITY_BITS = 2;
    private static final int ARITY = 1 << ARITY_BITS;

    private Object[] entries = new Object[16];
    private long[] keys = new long[16];
    private long[] ties = new long[16];
    private int size;

    int size() {
        return size;
    }

    /** The entry in {@code slot} (0 is the first; the rest are in no particular order), for scans. */
    @SuppressWarnings("unchecked")
    T get(int slot) {
        return (T) entries[slot];
    }

    long key(int slot) {
        return keys[slot];
    }

    long tie(int slot) {
        return ties[slot];
    }

    /** Whether the entry in slot {@code a} comes before the one in slot {@code b}. */
    boolean before(int a, int b) {
        return keys[a] < keys[b] || keys[a] == keys[b] && ties[a] < ties[b];
    }

    void add(T entry, long key, long tie) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            ties = Arrays.copyOf(ties, size * 2);
        }
        siftUp(size++, entry, key, tie);
    }

    /** Takes out the entry in {@code slot}. */
    void removeAt(int slot) {
        size--;
        Object last = entries[size];
        long key = keys[size];
        long tie = ties[size];
        entries[size] = null;
        if (slot == size) {
            return;
        }
        int parent = (slot - 1) >>> ARITY_BITS;
        if (slot > 0 && (key < keys[parent] || key == keys[parent] && tie < ties[parent])) {
            siftUp(slot, last, key, tie);
        } else {
            siftDown(slot, last, key, tie);
        }
    }

    /** Gives the entry in {@code slot} a new key; call {@link #heapify} after changing keys. */
    void setKey(int slot, long key) {
        keys[slot] = key;
    }

    /** Restores the order after {@link #setKey}. */
    void heapify() {
        if (size < 2) {
            return;
        }
        for (int slot = (size - 2) >>> ARITY_BITS; slot >= 0; slot--) {
            siftDown(slot, entries[slot], keys[slot], ties[slot]);
        }
    }

    private void siftUp(int slot, Object entry, long key, long tie) {
        while (slot > 0) {
            int parent = (slot - 1) >>> ARITY_BITS;
            if (keys[parent] < key || keys[parent] == key && ties[parent] < tie) {
                break;
            }
            put(slot, entries[parent], keys[parent], ties[parent]);
            slot = parent;
        }
        put(slot, entry, key, tie);
    }

    private void siftDown(int slot, Object entry, long key, long tie) {
        while (true) {
            int first = (slot << ARITY_BITS) + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bestKey = keys[first];
            for (int child = first + 1, end = Math.min(first + ARITY, size); child < end; child++) {
                long childKey = keys[child];
                if (childKey < bestKey || childKey == bestKey && ties[child] < ties[best]) {
                    best = child;
                    bestKey = childKey;
                }
            }
            if (key < bestKey || key == bestKey && tie < ties[best]) {
                break;
            }
            put(slot, entries[best], bestKey, ties[best]);
            slot = best;
        }
        put(slot, entry, key, tie);
    }

    private void put(int slot, Object entry, long key, long tie) {
        entries[slot] = entry;
        keys[slot] = key;
        ties[slot] = tie;
    }
}
