package org.jxen.hv.sim;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A domain's page contents without storing them: a page the guest wrote holds bytes derived from
 * (domain seed, frame, how often it was written); a page restore wrote holds what was written; any
 * other page is zeros. Log-dirty mode records the frames written since the last look.
 */
final class GuestPages {
    static final int PAGE_SIZE = 4096;

    private final long seed;
    private final Map<Long, Integer> writes = new HashMap<>();
    private final Map<Long, byte[]> restored = new HashMap<>();
    private BitSet dirty;

    GuestPages(long seed) {
        this.seed = seed;
    }

    /** The guest wrote frame {@code gfn}. */
    void guestWrote(long gfn) {
        restored.remove(gfn);
        writes.merge(gfn, 1, Integer::sum);
        if (dirty != null) {
            dirty.set(Math.toIntExact(gfn));
        }
    }

    void setLogging(boolean on) {
        dirty = on ? new BitSet() : null;
    }

    boolean logging() {
        return dirty != null;
    }

    BitSet takeDirty() {
        BitSet taken = dirty;
        dirty = new BitSet();
        return taken;
    }

    byte[] read(long gfn) {
        byte[] r = restored.get(gfn);
        if (r != null) {
            return r.clone();
        }
        byte[] page = new byte[PAGE_SIZE];
        Integer version = writes.get(gfn);
        if (version != null) {
            new SplittableRandom(seed ^ gfn * 0x9E3779B97F4A7C15L ^ (long) version << 48).nextBytes(page);
        }
        return page;
    }

    void write(long gfn, byte[] contents) {
        writes.remove(gfn);
        restored.put(gfn, Arrays.copyOf(contents, PAGE_SIZE));
        if (dirty != null) {
            dirty.set(Math.toIntExact(gfn));
        }
    }
}
