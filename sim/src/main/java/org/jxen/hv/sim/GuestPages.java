package org.jxen.hv.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jxen.hv.ForeignMapping;

/**
 * A domain's page contents, mostly without storing them: a page the guest wrote holds bytes
 * derived from (domain seed, frame, how often it was written); any other page is zeros. A frame
 * gets real memory, its home, once something outside the guest needs its bytes: a page of its own
 * for a ring or a grant mapping, one block for all the frames of a writable foreign mapping, so
 * that the mapping is the guest's memory and not a copy of it. A read-only foreign mapping lends
 * the frames that have no home a place in its own block while it is open, so reading a guest's
 * memory (a save) leaves it costing what it did. The guest's writes go into a frame's home.
 * Log-dirty mode records the frames written since the last look.
 */
final class GuestPages {
    static final int PAGE_SIZE = ForeignMapping.PAGE_SIZE;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Where a frame's bytes live: page {@code slot} of {@code block}. A lent home is a read-only
     * mapping's, and anyone who needs the frame takes it over (its bytes are the guest's own, so
     * nothing is lost): that mapping holds a copy of the frame from then on.
     */
    private record Home(MemorySegment block, int slot, boolean lent) {
        MemorySegment page() {
            return block.asSlice((long) slot * PAGE_SIZE, PAGE_SIZE);
        }
    }

    /**
     * What a foreign mapping shows: frame i of its request at byte {@code i * PAGE_SIZE} of
     * {@code pages}, which is the guest's memory, except the frames at {@code copied}: their home
     * is elsewhere, so {@code pages} holds a copy of them.
     */
    record Placement(MemorySegment pages, int[] copied) {
    }

    private final long seed;
    private final Map<Long, Integer> writes = new HashMap<>();
    private final Map<Long, Home> homes = new HashMap<>();
    /**
     * Where homes that are not lent live: one arena for the domain's life (an arena a block would
     * cost a cleaner each).
     */
    private final Arena arena = Arena.ofAuto();
    private BitSet dirty;

    GuestPages(long seed) {
        this.seed = seed;
    }

    /** The guest wrote frame {@code gfn}. */
    void guestWrote(long gfn) {
        int version = writes.merge(gfn, 1, Integer::sum);
        Home home = homes.get(gfn);
        if (home != null) {
            fill(home.page(), gfn, version);
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

    /** The page itself, in its home from now on: what a ring or a grant mapping shares. */
    MemorySegment page(long gfn) {
        Home home = homes.get(gfn);
        if (home == null || home.lent()) {
            home = settle(gfn, new Home(arena.allocate(PAGE_SIZE, PAGE_SIZE), 0, false));
        }
        return home.page();
    }

    /**
     * The memory for a foreign mapping of {@code gfns}: if their homes already lie in that order
     * in one block, that block; otherwise a new one, from the guest's arena for a writable mapping
     * (it becomes the home of the frames that have none: restore's) or from {@code lender}, the
     * arena of a read-only one (it lends them a home: save's). Frames whose home is elsewhere (a
     * ring page among them, frames mapped before in another order, a frame asked for twice) are
     * copied in.
     */
    Placement place(long[] gfns, Arena lender) {
        Home first = homes.get(gfns[0]);
        if (first != null && inOrder(gfns, first)) {
            return new Placement(first.block().asSlice((long) first.slot() * PAGE_SIZE, (long) gfns.length * PAGE_SIZE),
                    new int[0]);
        }
        MemorySegment block = (lender != null ? lender : arena).allocate((long) gfns.length * PAGE_SIZE, PAGE_SIZE);
        int[] copied = new int[gfns.length];
        int count = 0;
        for (int i = 0; i < gfns.length; i++) {
            Home home = homes.get(gfns[i]);
            if (home == null || home.lent()) {
                settle(gfns[i], new Home(block, i, lender != null));
            } else {
                block.asSlice((long) i * PAGE_SIZE, PAGE_SIZE).copyFrom(home.page());
                copied[count++] = i;
            }
        }
        return new Placement(block, Arrays.copyOf(copied, count));
    }

    /** Whether the frames' homes are {@code first}'s block, page after page, and the guest's own. */
    private boolean inOrder(long[] gfns, Home first) {
        for (int i = 0; i < gfns.length; i++) {
            Home home = homes.get(gfns[i]);
            if (home == null || home.lent() || home.block() != first.block() || home.slot() != first.slot() + i) {
                return false;
            }
        }
        return true;
    }

    /**
     * A writable mapping of {@code gfns} placed at {@code placed} closes: the copies go back to
     * their homes, and every frame counts as written, as Xen logs each page of a writable mapping
     * when it goes.
     */
    void dom0Wrote(long[] gfns, Placement placed) {
        for (int i : placed.copied()) {
            page(gfns[i]).copyFrom(placed.pages().asSlice((long) i * PAGE_SIZE, PAGE_SIZE));
        }
        for (long gfn : gfns) {
            markDirty(gfn);
        }
    }

    /** A read-only mapping placed at {@code placed} closes: the frames it still lends a home have none again. */
    void returned(long[] gfns, Placement placed) {
        for (long gfn : gfns) {
            Home home = homes.get(gfn);
            if (home != null && home.block() == placed.pages()) {
                homes.remove(gfn);
            }
        }
    }

    /** Makes {@code home} the home of {@code gfn}, with the bytes the guest gave the frame. */
    private Home settle(long gfn, Home home) {
        homes.put(gfn, home);
        Integer version = writes.get(gfn);
        if (version != null) {
            fill(home.page(), gfn, version);
        }
        return home;
    }

    private void fill(MemorySegment page, long gfn, int version) {
        SplittableRandom random = new SplittableRandom(seed ^ gfn * 0x9E3779B97F4A7C15L ^ (long) version << 48);
        for (long at = 0; at < PAGE_SIZE; at += Long.BYTES) {
            page.set(WORD, at, random.nextLong());
        }
    }
}
