package org.jxen.daemon.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Waits that must end within a limit (a request head, a request body), checked by one sweep every
 * tenth of the limit rather than by a timer each: a timer per request cost two scheduler
 * operations and, each time it became the earliest, a wake-up of the scheduler's thread, on every
 * call. A wait is ended between the limit and 1.1 times it.
 */
final class Deadlines {
    private record Wait(long since, Runnable onExpiry) {
    }

    private final long limitNs;
    private final Map<Object, Wait> waits = new ConcurrentHashMap<>();
    private volatile boolean sweeping;

    Deadlines(Duration limit) {
        this.limitNs = limit.toNanos();
    }

    /** Begins (or begins again) the wait of {@code key}; {@code onExpiry} runs if it lasts beyond the limit. */
    void start(Object key, Runnable onExpiry) {
        waits.put(key, new Wait(System.nanoTime(), onExpiry));
    }

    /** Ends the wait of {@code key}, if it has one. */
    void stop(Object key) {
        waits.remove(key);
    }

    /** Sweeps on {@code scheduler} until {@link #close}. */
    void sweepOn(Scheduler scheduler) {
        sweeping = true;
        nextSweep(scheduler);
    }

    private void nextSweep(Scheduler scheduler) {
        scheduler.schedule(() -> {
            if (sweeping) {
                expire();
                nextSweep(scheduler);
            }
        }, Duration.ofNanos(Math.max(1, limitNs / 10)));
    }

    void close() {
        sweeping = false;
    }

    private void expire() {
        long now = System.nanoTime();
        waits.forEach((key, wait) -> {
            if (now - wait.since() > limitNs && waits.remove(key, wait)) {
                wait.onExpiry().run();
            }
        });
    }
}
