package org.jxen.hv.sim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * The vCPUs waiting in one runqueue, most credit first (ties: lower domain ID, then lower vCPU
 * ID, so the order is total and a run repeats), kept sorted in a ring of arrays.
 * <p>
 * Why sorted and not a heap: a busy runqueue's decisions take the best and put back the vCPU
 * that stopped, which has just burned its credit and so goes near the back; a vCPU that woke
 * up has not burned any and goes near the front. An insertion searches from the nearer end
 * (exponentially, then by halves) and shifts the entries on that side, so both common cases
 * cost a few steps, and taking the best costs one. Credits and tie-breaks sit in arrays beside
 * the vCPUs, so searching touches no vCPU.
 * <p>
 * Credits change only for running vCPUs, except in a credit reset, after which {@link #reorder}
 * sorts again.
 */
final class CreditQueue {
    private static final Comparator<SimVcpu> ORDER = Comparator.<SimVcpu>comparingLong(v -> -v.credit)
            .thenComparingLong(CreditQueue::tie);

    private SimVcpu[] vcpus = new SimVcpu[16];
    private long[] credits = new long[16];
    private long[] ties = new long[16];
    /**
     * The array index of the best; position {@code i} in the order is at {@code head + i} modulo
     * the arrays' length (a power of two).
     */
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The vCPU with the most credit, or null. */
    SimVcpu best() {
        return size == 0 ? null : vcpus[head];
    }

    /** The best's credit (as it was when it joined, or at the last {@link #reorder}); the queue must not be empty. */
    long bestCredit() {
        return credits[head];
    }

    void add(SimVcpu v) {
        if (size == vcpus.length) {
            grow();
        }
        long credit = v.credit;
        long tie = tie(v);
        int position = insertionPoint(credit, tie);
        int mask = vcpus.length - 1;
        if (position < size - position) {
            head = (head - 1) & mask; // the entries before it move one towards the front
            for (int i = 0; i < position; i++) {
                move((head + i + 1) & mask, (head + i) & mask);
            }
        } else {
            for (int i = size; i > position; i--) {
                move((head + i - 1) & mask, (head + i) & mask);
            }
        }
        int slot = (head + position) & mask;
        vcpus[slot] = v;
        credits[slot] = credit;
        ties[slot] = tie;
        size++;
    }

    void remove(SimVcpu v) {
        int position = positionOf(v);
        if (position < 0) {
            return;
        }
        int mask = vcpus.length - 1;
        if (position < size - 1 - position) {
            for (int i = position; i > 0; i--) {
                move((head + i - 1) & mask, (head + i) & mask);
            }
            vcpus[head] = null;
            head = (head + 1) & mask;
        } else {
            for (int i = position; i < size - 1; i++) {
                move((head + i + 1) & mask, (head + i) & mask);
            }
            vcpus[(head + size - 1) & mask] = null;
        }
        size--;
    }

    /** The best vCPU that {@code allowed} accepts (for the rare case the best is not), or null. */
    SimVcpu best(Predicate<SimVcpu> allowed) {
        for (int i = 0; i < size; i++) {
            SimVcpu v = at(i);
            if (allowed.test(v)) {
                return v;
            }
        }
        return null;
    }

    /** The vCPU with the least credit that {@code allowed} accepts, or null. */
    SimVcpu worst(Predicate<SimVcpu> allowed) {
        for (int i = size - 1; i >= 0; i--) {
            SimVcpu v = at(i);
            if (allowed.test(v)) {
                return v;
            }
        }
        return null;
    }

    /** Sorts again after credits changed. */
    void reorder() {
        SimVcpu[] sorted = new SimVcpu[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = at(i);
        }
        Arrays.sort(sorted, ORDER); // mostly in order already, which the sort is quick at
        head = 0;
        for (int i = 0; i < size; i++) {
            vcpus[i] = sorted[i];
            credits[i] = sorted[i].credit;
            ties[i] = tie(sorted[i]);
        }
        Arrays.fill(vcpus, size, vcpus.length, null);
    }

    private SimVcpu at(int position) {
        return vcpus[(head + position) & (vcpus.length - 1)];
    }

    private int positionOf(SimVcpu v) {
        for (int i = 0; i < size; i++) {
            if (at(i) == v) {
                return i;
            }
        }
        return -1;
    }

    /** How many entries come before (credit, tie): searched from the end nearer to it. */
    private int insertionPoint(long credit, long tie) {
        if (size == 0) {
            return 0;
        }
        int low;
        int high; // the answer is in [low, high]
        if (before(size / 2, credit, tie)) {
            low = size / 2 + 1;
            high = size;
            for (int step = 1; high - step >= low; step *= 2) {
                if (before(high - step, credit, tie)) {
                    low = high - step + 1;
                    break;
                }
                high -= step;
            }
        } else {
            low = 0;
            high = size / 2;
            for (int step = 1; low + step - 1 < high; step *= 2) {
                if (!before(low + step - 1, credit, tie)) {
                    high = low + step - 1;
                    break;
                }
                low += step;
            }
        }
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (before(mid, credit, tie)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Whether the entry at {@code position} comes before (credit, tie). */
    private boolean before(int position, long credit, long tie) {
        int slot = (head + position) & (vcpus.length - 1);
        return credits[slot] > credit || credits[slot] == credit && ties[slot] < tie;
    }

    private void move(int from, int to) {
        vcpus[to] = vcpus[from];
        credits[to] = credits[from];
        ties[to] = ties[from];
    }

    /** Doubles the arrays, laying the entries out in order from index 0. */
    private void grow() {
        int capacity = vcpus.length * 2;
        SimVcpu[] newVcpus = new SimVcpu[capacity];
        long[] newCredits = new long[capacity];
        long[] newTies = new long[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & (vcpus.length - 1);
            newVcpus[i] = vcpus[slot];
            newCredits[i] = credits[slot];
            newTies[i] = ties[slot];
        }
        vcpus = newVcpus;
        credits = newCredits;
        ties = newTies;
        head = 0;
    }

    private static long tie(SimVcpu v) {
        return (long) v.domain.domid << 32 | v.id;
    }
}
