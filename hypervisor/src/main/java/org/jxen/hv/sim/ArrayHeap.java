package org.jxen.hv.sim;

/**
 * The sifting of a binary heap kept in arrays by a subclass, which says how two slots compare and
 * how they swap (its entries and their keys sit side by side in arrays of its own).
 */
abstract class ArrayHeap {
    /** How many slots are in use. */
    protected int size;

    /** Whether the entry in slot {@code a} comes before the one in slot {@code b}. */
    protected abstract boolean before(int a, int b);

    protected abstract void swap(int a, int b);

    protected final void siftUp(int slot) {
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!before(slot, parent)) {
                return;
            }
            swap(slot, parent);
            slot = parent;
        }
    }

    protected final void siftDown(int slot) {
        while (true) {
            int child = 2 * slot + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && before(child + 1, child)) {
                child++;
            }
            if (!before(child, slot)) {
                return;
            }
            swap(slot, child);
            slot = child;
        }
    }
}
