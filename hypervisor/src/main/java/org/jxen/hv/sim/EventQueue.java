package org.jxen.hv.sim;

import java.util.PriorityQueue;

/**
 * The simulation's virtual clock and its pending events, in nanoseconds. Events at the same time
 * run in the order they were scheduled, so a run is the same every time.
 */
final class EventQueue {
    /** A scheduled action; cancelling it leaves it in the queue, skipped when its time comes. */
    static final class Event implements Comparable<Event> {
        final long time;
        private final long seq;
        private final Runnable action;
        private boolean cancelled;

        private Event(long time, long seq, Runnable action) {
            this.time = time;
            this.seq = seq;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Event o) {
            int byTime = Long.compare(time, o.time);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    long now() {
        return now;
    }

    Event at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("an event at " + time + " ns is in the past (now " + now + " ns)");
        }
        Event e = new Event(time, seq++, action);
        queue.add(e);
        return e;
    }

    /** Runs every event due up to and including {@code end}, then sets the clock to {@code end}. */
    void runUntil(long end) {
        while (!queue.isEmpty() && queue.peek().time <= end) {
            Event e = queue.poll();
            if (!e.cancelled) {
                now = e.time;
                e.action.run();
            }
        }
        now = Math.max(now, end);
    }
}
