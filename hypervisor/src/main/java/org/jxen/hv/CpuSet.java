package org.jxen.hv;

import java.util.AbstractSet;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of CPU (or node) numbers, as a bitmap, as libxl's {@code libxl_bitmap}: in
 * ascending order in every JVM, with its hash computed once. A host's vCPU affinities are mostly
 * the same few sets; one made by {@link #of(BitSet)} can be handed out again and again (a
 * toolstack reading every vCPU's affinity at each create compares them by identity first).
 */
public final class CpuSet extends AbstractSet<Integer> {
    private final BitSet bits;
    private final int size;
    private final int hash;

    private CpuSet(BitSet bits) {
        this.bits = bits;
        this.size = bits.cardinality();
        this.hash = bits.stream().sum(); // Set's hash: the sum of its elements' (an Integer's is its value)
    }

    /** The CPUs set in {@code cpus} (copied). */
    public static CpuSet of(BitSet cpus) {
        return new CpuSet((BitSet) cpus.clone());
    }

    /** {@code cpus} as a CpuSet: itself when it is one. */
    public static CpuSet of(Collection<Integer> cpus) {
        if (cpus instanceof CpuSet c) {
            return c;
        }
        BitSet bits = new BitSet();
        for (int cpu : cpus) {
            if (cpu < 0) {
                throw new IllegalArgumentException("CPU " + cpu + " is not a CPU number");
            }
            bits.set(cpu);
        }
        return new CpuSet(bits);
    }

    /** Whether this holds exactly the CPUs set in {@code cpus}. */
    public boolean holdsExactly(BitSet cpus) {
        return bits.equals(cpus);
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Integer i && i >= 0 && bits.get(i);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next = bits.nextSetBit(0);

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Integer next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                int cpu = next;
                next = cpu == Integer.MAX_VALUE ? -1 : bits.nextSetBit(cpu + 1);
                return cpu;
            }
        };
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof CpuSet c) {
            return c == this || bits.equals(c.bits);
        }
        return super.equals(o);
    }
}
