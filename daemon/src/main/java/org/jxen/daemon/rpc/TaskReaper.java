package org.jxen.daemon.rpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;

/**
 * Forgets finished tasks as XAPI's database GC does (db_gc's timeout_tasks): a task that ended more
 * than 65 minutes ago goes, and while there are more than 200 tasks the finished ones go oldest first,
 * but none that ended in the last 5 minutes (XAPI's GC runs every few minutes, so a client always
 * has a while to read how its task ended); a pending task is never taken. Without it every {@code Async.*} call (the web console makes one
 * for each action) would stay in jxend's memory, and in every client's event.from, until it stops. Run as tasks are made, at most once a minute.
 */
final class TaskReaper {
    private static final Logger LOG = Logger.getLogger(TaskReaper.class.getName());
    static final Duration COMPLETED_TIMEOUT = Duration.ofMinutes(65);
    static final int MAX_TASKS = 200;
    static final Duration KEPT_AT_LEAST = Duration.ofMinutes(5);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final ObjectStore store;
    private final Clock clock;
    private Instant last = Instant.MIN;

    TaskReaper(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Reaps unless it did within the last minute. */
    synchronized void now() {
        Instant at = clock.instant();
        if (Duration.between(last, at).compareTo(EVERY) < 0) {
            return;
        }
        last = at;
        reap(at);
    }

    /** Destroys the finished tasks XAPI would have by {@code at}; returns how many. */
    int reap(Instant at) {
        Map<String, Map<String, Object>> all = store.records("task");
        List<Map.Entry<String, Instant>> finished = new ArrayList<>();
        all.forEach((ref, t) -> {
            if (!"pending".equals(t.get("status")) && t.get("finished") instanceof Instant end) {
                finished.add(Map.entry(ref, end));
            }
        });
        finished.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        int over = all.size() - MAX_TASKS;
        Instant timedOut = at.minus(COMPLETED_TIMEOUT);
        Instant young = at.minus(KEPT_AT_LEAST);
        int gone = 0;
        for (Map.Entry<String, Instant> t : finished) {
            boolean tooMany = gone < over && t.getValue().isBefore(young);
            if (!tooMany && !t.getValue().isBefore(timedOut)) {
                break; // oldest first: the rest ended later still
            }
            try {
                store.destroy("task", t.getKey());
                gone++;
            } catch (XenApiFailure destroyedMeanwhile) {
                LOG.fine("task " + t.getKey() + " was destroyed meanwhile");
            }
        }
        return gone;
    }
}
