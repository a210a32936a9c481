package org.jxen.hv.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jxen.hv.ForeignMapping;

/**
 * A domain's page contents, mostly without storing them: a page the guest wrote holds bytes
 * derived from (domain seed, frame, how often it was written); any other page is zeros. A page
 * that must be shared (a ring, a page dom0 mapped or wrote) is held in a real 4 KiB segment from
 * then on, and the guest's later writes go into it. Log-dirty mode records the frames written since
 * the last look.
 */
final class GuestPages {
    static final int PAGE_SIZE = ForeignMapping.PAGE_SIZE;

    private final long seed;
    private final Map<Long, Integer> writes = new HashMap<>();
    private final Map<Long, MemorySegment> held = new HashMap<>();
    /** Where held pages live: one arena for the domain's life (an arena a page costs a cleaner each). */
    private final Arena arena = Arena.ofAuto();
    private BitSet dirty;

    GuestPages(long seed) {
        this.seed = seed;
    }

    /** The guest wrote frame {@code gfn}. */
    void guestWrote(long gfn) {
        int version = writes.merge(gfn, 1, Integer::sum);
        MemorySegment page = held.get(gfn);
        if (page != null) {
            fill(page, gfn, version);
        }
        markDirty(gfn);
    }

    private void markDirty(long gfn) {
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

    /** The page itself, held in a segment from now on: what a ring or a grant mapping shares. */
    MemorySegment page(long gfn) {
        return held.computeIfAbsent(gfn, g -> {
            MemorySegment page = arena.allocate(PAGE_SIZE, PAGE_SIZE);
            Integer version = writes.get(g);
            if (version != null) {
                fill(page, g, version);
            }
            return page;
        });
    }

    /** Copies frame {@code gfn}'s bytes to {@code to}. */
    void copyTo(long gfn, MemorySegment to) {
        MemorySegment page = held.get(gfn);
        if (page != null) {
            to.copyFrom(page);
            return;
        }
        Integer version = writes.get(gfn);
        if (version == null) {
            to.fill((byte) 0);
        } else {
            fill(to, gfn, version);
        }
    }

    /** Someone other than the guest (dom0, restoring it) wrote frame {@code gfn}. */
    void copyFrom(long gfn, MemorySegment from) {
        page(gfn).copyFrom(from);
        markDirty(gfn);
    }

    private void fill(MemorySegment page, long gfn, int version) {
        byte[] bytes = new byte[PAGE_SIZE];
        new SplittableRandom(seed ^ gfn * 0x9E3779B97F4A7C15L ^ (long) version << 48).nextBytes(bytes);
        page.copyFrom(MemorySegment.ofArray(bytes));
    }
}
