package org.jxen.hv.sim;

import java.util.Arrays;

/**
 * The simulation's virtual clock and its pending events, in nanoseconds. Events at the same time
 * run in the order they were scheduled, so a run is the same every time.
 * <p>
 * The pending events are a binary heap kept in arrays (times and sequence numbers side by side,
 * so that comparing two events touches no object), and each event knows its place in it, so
 * that cancelling one removes it at once. {@link Timer}s, re-armed all the time (each CPU's
 * next scheduling decision: most of a busy host's events), sit apart in a small tournament
 * tree, where re-arming one costs a walk up a few levels.
 */
final class EventQueue extends ArrayHeap {
    /** A scheduled action. */
    static final class Event {
        final long time;
        private final Runnable action;
        /** Its index in the heap; -1 once it ran or was cancelled. */
        private int slot = -1;
        private EventQueue queue;

        private Event(long time, Runnable action) {
            this.time = time;
            this.action = action;
        }

        /** Takes it out of the queue, if it has not run yet. */
        void cancel() {
            if (slot >= 0) {
                queue.removeAt(slot);
            }
        }
    }

    /** A re-armable event with a fixed action, pending at one time or not at all. */
    static final class Timer {
        private final EventQueue queue;
        private final int index;
        private final Runnable action;

        private Timer(EventQueue queue, int index, Runnable action) {
            this.queue = queue;
            this.index = index;
            this.action = action;
        }

        boolean pending() {
            return queue.timerTimes[index] != NEVER;
        }

        /** When it goes off; only meaningful while {@link #pending}. */
        long time() {
            return queue.timerTimes[index];
        }

        /** Sets it to go off at {@code at} (instead of any earlier setting). */
        void set(long at) {
            if (at < queue.now) {
                throw new IllegalArgumentException("a timer at " + at + " ns is in the past (now " + queue.now + " ns)");
            }
            queue.timerTimes[index] = at;
            queue.timerSeqs[index] = queue.seq++;
            queue.timerMoved(index);
        }

        void cancel() {
            queue.timerTimes[index] = NEVER;
            queue.timerMoved(index);
        }
    }

    private static final long NEVER = Long.MAX_VALUE;
    private Timer[] timers = new Timer[0];
    private long[] timerTimes = new long[0];
    private long[] timerSeqs = new long[0];
    /** The tournament tree over the timers: node n holds the index of its subtree's first timer; leaves from timers.length. */
    private int[] winners = new int[0];

    private Event[] heap = new Event[64];
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private long now;
    private long seq;

    long now() {
        return now;
    }

    Event at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("an event at " + time + " ns is in the past (now " + now + " ns)");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        Event e = new Event(time, action);
        e.queue = this;
        place(size++, e, seq++);
        siftUp(e.slot);
        return e;
    }

    /** A timer that runs {@code action} whenever it goes off; it starts unset. */
    Timer timer(Runnable action) {
        int n = timers.length + 1;
        Timer t = new Timer(this, n - 1, action);
        timers = Arrays.copyOf(timers, n);
        timers[n - 1] = t;
        timerTimes = Arrays.copyOf(timerTimes, n);
        timerTimes[n - 1] = NEVER;
        timerSeqs = Arrays.copyOf(timerSeqs, n);
        winners = new int[2 * n];
        for (int i = 0; i < n; i++) {
            winners[n + i] = i;
        }
        for (int node = n - 1; node >= 1; node--) {
            winners[node] = earlierTimer(winners[2 * node], winners[2 * node + 1]);
        }
        return t;
    }

    /** Runs every event due up to and including {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        while (true) {
            int first = timers.length == 0 ? -1 : winners[1];
            long timerTime = first < 0 ? NEVER : timerTimes[first];
            boolean timerFirst = timerTime != NEVER
                    && (size == 0 || timerTime < times[0] || timerTime == times[0] && timerSeqs[first] < seqs[0]);
            if (timerFirst && timerTime <= end) {
                now = timerTime;
                fire(timers[first]);
            } else if (!timerFirst && size > 0 && times[0] <= end) {
                Event e = heap[0];
                removeAt(0);
                now = e.time;
                e.action.run();
            } else {
                break;
            }
        }
        now = Math.max(now, end);
    }

    /**
     * Runs a timer's action. The tree is fixed after it rather than before, as the action mostly
     * sets the timer again (which fixes the tree); until then comparisons read the live times, so
     * the unset timer only loses.
     */
    private void fire(Timer t) {
        timerTimes[t.index] = NEVER;
        t.action.run();
        if (timerTimes[t.index] == NEVER) {
            timerMoved(t.index);
        }
    }

    private void timerMoved(int index) {
        int node = timers.length + index;
        while (node > 1) {
            node >>>= 1;
            winners[node] = earlierTimer(winners[2 * node], winners[2 * node + 1]);
        }
    }

    private int earlierTimer(int a, int b) {
        return timerTimes[a] < timerTimes[b] || timerTimes[a] == timerTimes[b] && timerSeqs[a] <= timerSeqs[b] ? a : b;
    }

    private void removeAt(int slot) {
        heap[slot].slot = -1;
        size--;
        if (slot == size) {
            heap[size] = null;
            return;
        }
        place(slot, heap[size], seqs[size]);
        heap[size] = null;
        siftDown(slot);
        siftUp(slot);
    }

    private void place(int slot, Event e, long eventSeq) {
        heap[slot] = e;
        times[slot] = e.time;
        seqs[slot] = eventSeq;
        e.slot = slot;
    }

    @Override
    protected boolean before(int a, int b) {
        return times[a] < times[b] || times[a] == times[b] && seqs[a] < seqs[b];
    }

    @Override
    protected void swap(int a, int b) {
        Event ea = heap[a];
        long sa = seqs[a];
        place(a, heap[b], seqs[b]);
        place(b, ea, sa);
    }
}
