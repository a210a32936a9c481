package org.jxen.hv.sim;

import java.util.Arrays;

/**
 * A min-heap of entries ordered by a key, then a tie-break (both longs), held in arrays side by
 * side, so that comparing two entries touches no object and allocates nothing. The order is
 * total when tie-breaks differ, so a run repeats whatever order entries came in.
 * <p>
 * Four children per node halve a binary heap's levels, and sifting carries one entry "in hand"
 * and moves the others past it (one write per level, not a swap). Both matter: adding an entry
 * and taking the first are much of what a busy simulated host does.
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

    boolean isEmpty() {
        return size == 0;
    }

    /** The entry with the least (key, tie); the heap must not be empty. */
    @SuppressWarnings("unchecked")
    T first() {
        return (T) entries[0];
    }

    long firstKey() {
        return keys[0];
    }

    long firstTie() {
        return ties[0];
    }

    void add(T entry, long key, long tie) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            ties = Arrays.copyOf(ties, size * 2);
        }
        int slot = size++;
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

    /** Takes out the first entry; the heap must not be empty. */
    void removeFirst() {
        size--;
        Object last = entries[size];
        long key = keys[size];
        long tie = ties[size];
        entries[size] = null;
        if (size == 0) {
            return;
        }
        int slot = 0;
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
        put(slot, last, key, tie);
    }

    private void put(int slot, Object entry, long key, long tie) {
        entries[slot] = entry;
        keys[slot] = key;
        ties[slot] = tie;
    }
}
