package org.jxen.hv.sim;

import java.util.Arrays;

/**
 * The simulation's virtual clock and its pending events, in nanoseconds. Events at the same time
 * run in the order they were scheduled, so a run is the same every time.
 * <p>
 * The pending events are a {@link KeyedHeap} on (time, order scheduled). A cancelled event
 * stays in it, marked, and is dropped when it comes up (cancelling is rare, and the heap then
 * needs no back-pointers). {@link Timer}s, re-armed all the time (each CPU's next scheduling
 * decision: most of a busy host's events), sit apart in a small tournament tree, where
 * re-arming one costs a walk up a few levels.
 */
final class EventQueue {
    /** A scheduled action. */
    static final class Event {
        final long time;
        private final Runnable action;
        private boolean cancelled;

        private Event(long time, Runnable action) {
            this.time = time;
            this.action = action;
        }

        /** Makes sure it does not run, if it has not run yet. */
        void cancel() {
            cancelled = true;
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
            return time() != NEVER;
        }

        /** When it goes off; only meaningful while {@link #pending}. */
        long time() {
            return queue.times[queue.timers.length + index];
        }

        /** Sets it to go off at {@code at} (instead of any earlier setting). */
        void set(long at) {
            if (at < queue.now) {
                throw new IllegalArgumentException("a timer at " + at + " ns is in the past (now " + queue.now + " ns)");
            }
            queue.setTimer(index, at, queue.seq++);
        }

        void cancel() {
            queue.setTimer(index, NEVER, 0);
        }
    }

    private static final long NEVER = Long.MAX_VALUE;
    private Timer[] timers = new Timer[0];
    /**
     * The tournament tree over the timers: node k (from 1) has children 2k and 2k+1, and timer i
     * is leaf {@code timers.length + i}. Each node holds the time and scheduling number of its
     * subtree's first timer, and that timer's index, so a walk up compares neighbouring numbers.
     */
    private long[] times = new long[0];
    private long[] seqs = new long[0];
    private int[] winners = new int[0];

    private final KeyedHeap<Event> heap = new KeyedHeap<>();
    private long now;
    private long seq;

    long now() {
        return now;
    }

    Event at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("an event at " + time + " ns is in the past (now " + now + " ns)");
        }
        Event e = new Event(time, action);
        heap.add(e, time, seq++);
        return e;
    }

    /** A timer that runs {@code action} whenever it goes off; it starts unset. */
    Timer timer(Runnable action) {
        int old = timers.length;
        int n = old + 1;
        Timer t = new Timer(this, old, action);
        timers = Arrays.copyOf(timers, n);
        timers[old] = t;
        long[] newTimes = new long[2 * n];
        long[] newSeqs = new long[2 * n];
        System.arraycopy(times, old, newTimes, n, old);
        System.arraycopy(seqs, old, newSeqs, n, old);
        newTimes[n + old] = NEVER;
        times = newTimes;
        seqs = newSeqs;
        winners = new int[2 * n];
        for (int i = 0; i < n; i++) {
            winners[n + i] = i;
        }
        for (int node = n - 1; node >= 1; node--) {
            updateNode(node);
        }
        return t;
    }

    /** Runs every event due up to and including {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        while (true) {
            while (!heap.isEmpty() && heap.first().cancelled) {
                heap.removeFirst();
            }
            int first = timers.length == 0 ? -1 : winners[1];
            long timerTime = first < 0 ? NEVER : times[1];
            boolean events = !heap.isEmpty();
            boolean timerFirst = timerTime != NEVER && (!events || timerTime < heap.firstKey()
                    || timerTime == heap.firstKey() && seqs[1] < heap.firstTie());
            if (timerFirst && timerTime <= end) {
                now = timerTime;
                fire(timers[first]);
            } else if (!timerFirst && events && heap.firstKey() <= end) {
                Event e = heap.first();
                heap.removeFirst();
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
     * sets the timer again, which walks the tree from that timer up. Until then the nodes above
     * it may still name it at its old time; nothing reads the tree's top during the action, and
     * the walk up from the timer afterwards rewrites every node that could.
     */
    private void fire(Timer t) {
        int leaf = timers.length + t.index;
        times[leaf] = NEVER;
        t.action.run();
        if (times[leaf] == NEVER) {
            walkUp(leaf);
        }
    }

    private void setTimer(int index, long at, long atSeq) {
        int leaf = timers.length + index;
        times[leaf] = at;
        seqs[leaf] = atSeq;
        walkUp(leaf);
    }

    private void walkUp(int node) {
        while (node > 1) {
            node >>>= 1;
            updateNode(node);
        }
    }

    /** Node {@code node} takes the earlier of its children's timers. */
    private void updateNode(int node) {
        int left = 2 * node;
        int right = left + 1;
        int first = times[left] < times[right] || times[left] == times[right] && seqs[left] <= seqs[right] ? left : right;
        times[node] = times[first];
        seqs[node] = seqs[first];
        winners[node] = winners[first];
    }
}
