package org.jxen.hv.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
     * Guest frames in one segment: their bytes as they were when mapped; a writable mapping's bytes
     * go back to the guest's frames (and its dirty log) when it is closed.
     */
    static final class Foreign extends Held implements ForeignMapping {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment pages;
        private final GuestPages guest;
        private final long[] gfns;
        private final boolean writable;

        Foreign(Object lock, GuestPages guest, long[] gfns, boolean writable, Release release) {
            super(lock, release);
            this.guest = guest;
            this.gfns = gfns.clone();
            this.writable = writable;
            MemorySegment all = arena.allocate((long) gfns.length * PAGE_SIZE, PAGE_SIZE);
            for (int i = 0; i < gfns.length; i++) {
                guest.copyTo(gfns[i], slice(all, i));
            }
            this.pages = writable ? all : all.asReadOnly();
        }

        private static MemorySegment slice(MemorySegment all, int i) {
            return all.asSlice((long) i * PAGE_SIZE, PAGE_SIZE);
        }

        @Override
        public MemorySegment pages() {
            return pages;
        }

        @Override
        void unmap() {
            if (writable) {
                for (int i = 0; i < gfns.length; i++) {
                    guest.copyFrom(gfns[i], slice(pages, i));
                }
            }
            arena.close();
        }
    }
}
