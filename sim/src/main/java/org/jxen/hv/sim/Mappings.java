package org.jxen.hv.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.GrantMapping;

/**
 * dom0's mappings of a guest's pages. Each holds its domain (a destroyed one stays dying) until it
 * is closed; closing twice is harmless.
 */
final class Mappings {
    private Mappings() {
    }

    /** What closing a mapping gives back: run once, under the host's lock. */
    interface Release {
        void run();
    }

    private abstract static class Held implements AutoCloseable {
        private final Object lock;
        private final Release release;
        private boolean closed;

        Held(Object lock, Release release) {
            this.lock = lock;
            this.release = release;
        }

        @Override
        public final void close() {
            synchronized (lock) {
                if (!closed) {
                    closed = true;
                    unmap();
                    release.run();
                }
            }
        }

        /** What unmapping does before the domain is let go. */
        abstract void unmap();
    }

    /** A granted page, shared: the guest's own segment. */
    static final class Grant extends Held implements GrantMapping {
        private final MemorySegment page;

        Grant(Object lock, MemorySegment page, Release release) {
            super(lock, release);
            this.page = page;
        }

        @Override
        public MemorySegment page() {
            return page;
        }

        @Override
        void unmap() {
        }
    }

    /**
     * Guest frames in one segment that is the guest's memory ({@link GuestPages#place}), live: a
     * write through a writable mapping is the guest's write, and the guest's writes show through.
     * The segment is a view with this mapping's lifetime, so using it after close throws instead
     * of reaching memory dom0 no longer maps.
     */
    static final class Foreign extends Held implements ForeignMapping {
        private final Arena arena = Arena.ofShared();
        private final GuestPages guest;
        private final long[] gfns;
        private final boolean writable;
        private final GuestPages.Placement placed;
        private final MemorySegment pages;

        Foreign(Object lock, GuestPages guest, long[] gfns, boolean writable, Release release) {
            super(lock, release);
            this.guest = guest;
            this.gfns = gfns.clone();
            this.writable = writable;
            this.placed = guest.place(this.gfns, writable ? null : arena);
            MemorySegment memory = placed.pages();
            // reinterpret (a restricted method) is FFM's one way to give memory a shorter lifetime; the
            // cleanup holds the guest's memory, so it cannot be freed while the view is open
            MemorySegment view = memory.reinterpret(arena, closed -> Reference.reachabilityFence(memory));
            this.pages = writable ? view : view.asReadOnly();
        }

        @Override
        public MemorySegment pages() {
            return pages;
        }

        @Override
        void unmap() {
            if (writable) {
                guest.dom0Wrote(gfns, placed);
            } else {
                guest.returned(gfns, placed);
            }
            arena.close();
        }
    }
}
