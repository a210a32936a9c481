package org.jxen.hv.sim;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The vCPUs waiting in one runqueue, as a heap with the most credit on top (ties: lower domain
 * ID, then lower vCPU ID, so the order is total and a run repeats). Every scheduling decision
 * takes the top and puts the vCPU it stopped back, so both are O(log n) and allocate nothing;
 * each vCPU knows its place, so one that stops waiting leaves at once. Credits change only for
 * running vCPUs, except in a credit reset, after which {@link #reorder} restores the heap.
 * Each entry's credit and tie-break are kept beside it in arrays, so that sifting compares
 * numbers without touching the vCPUs (a busy host's decisions spent their time on those misses).
 */
final class CreditQueue extends ArrayHeap {
    private SimVcpu[] heap = new SimVcpu[16];
    private long[] credits = new long[16];
    /** Domain ID then vCPU ID, in one number: lower goes first among equal credits. */
    private long[] ties = new long[16];

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(SimVcpu v) {
        return v.queueSlot >= 0 && v.queueSlot < size && heap[v.queueSlot] == v;
    }

    /** The vCPU with the most credit, or null. */
    SimVcpu best() {
        return size == 0 ? null : heap[0];
    }

    void add(SimVcpu v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            credits = Arrays.copyOf(credits, size * 2);
            ties = Arrays.copyOf(ties, size * 2);
        }
        place(size, v, v.credit, tie(v));
        siftUp(size++);
    }

    void remove(SimVcpu v) {
        if (!contains(v)) {
            return;
        }
        int slot = v.queueSlot;
        v.queueSlot = -1;
        size--;
        if (slot != size) {
            place(slot, heap[size], credits[size], ties[size]);
            siftDown(slot);
            siftUp(slot);
        }
        heap[size] = null;
    }

    /** The best vCPU that {@code allowed} accepts (a scan: for the rare case the best is not), or null. */
    SimVcpu best(Predicate<SimVcpu> allowed) {
        return scan(allowed, true);
    }

    /** The vCPU with the least credit that {@code allowed} accepts, or null. */
    SimVcpu worst(Predicate<SimVcpu> allowed) {
        return scan(allowed, false);
    }

    private SimVcpu scan(Predicate<SimVcpu> allowed, boolean best) {
        int found = -1;
        for (int i = 0; i < size; i++) {
            if (allowed.test(heap[i]) && (found < 0 || before(i, found) == best)) {
                found = i;
            }
        }
        return found < 0 ? null : heap[found];
    }

    /** Restores the heap after credits changed. */
    void reorder() {
        for (int slot = 0; slot < size; slot++) {
            credits[slot] = heap[slot].credit;
        }
        for (int slot = size / 2 - 1; slot >= 0; slot--) {
            siftDown(slot);
        }
    }

    private static long tie(SimVcpu v) {
        return (long) v.domain.domid << 32 | v.id;
    }

    @Override
    protected boolean before(int a, int b) {
        return credits[a] > credits[b] || credits[a] == credits[b] && ties[a] < ties[b];
    }

    private void place(int slot, SimVcpu v, long credit, long tie) {
        heap[slot] = v;
        credits[slot] = credit;
        ties[slot] = tie;
        v.queueSlot = slot;
    }

    @Override
    protected void swap(int a, int b) {
        SimVcpu va = heap[a];
        long ca = credits[a];
        long ta = ties[a];
        place(a, heap[b], credits[b], ties[b]);
        place(b, va, ca, ta);
    }
}
