package org.jxen.daemon.xapi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsTransaction;
import org.jxen.xenstore.store.Paths;

/**
 * Each running VM's VM_guest_metrics, kept as XAPI keeps it from what xenopsd reports: jxend
 * watches the parts of the guest's XenStore home its agent writes ({@link GuestAgentData#READS})
 * and its frontends' states, and after a change has settled for {@link #SETTLE_MS} reads them
 * again; the record changes only when a field does. A VM gets a new record when its domain is
 * created (XAPI deletes the old one at start: a clone's or a previous boot's addresses would be
 * wrong); a halted VM keeps its last one. {@code PV_drivers_detected} (and {@code _up_to_date},
 * as XAPI sets both) is xenopsd's evidence: a vbd or vif frontend Connected.
 */
final class GuestMetrics implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GuestMetrics.class.getName());
    static final long SETTLE_MS = 100;
    private static final String CLASS = "VM_guest_metrics";
    /** Where the guest's frontends are: their states are xenopsd's evidence of PV drivers. */
    private static final List<String> FRONTENDS = List.of("device/vbd", "device/vif");
    private static final String CONNECTED = "4";
    /** The directories of a guest's home watched: a watch sees everything below it. */
    private static final List<String> WATCHED = watched();

    private final ObjectStore store;
    private final Toolstack toolstack;
    private final Clock clock;
    private final XsClient xs;
    /** The fields last written for each watched domain: an unchanged read writes nothing. */
    private final Map<Integer, Map<String, Object>> written = new ConcurrentHashMap<>();
    /** Domains whose VM gets a new record at its next read (just created). */
    private final Set<Integer> fresh = ConcurrentHashMap.newKeySet();
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    /** Watches to add or remove, in the order the domains came and went. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Semaphore changed = new Semaphore(0);
    private final Thread reader;
    private volatile boolean closed;

    GuestMetrics(ObjectStore store, Toolstack toolstack, Clock clock, Path xenstoreSocket) throws IOException {
        this.store = store;
        this.toolstack = toolstack;
        this.clock = clock;
        this.xs = XsClient.connect(xenstoreSocket);
        this.reader = Thread.ofVirtual().name("jxend-guest-metrics").start(this::readLoop);
    }

    /** Watches the guests already running (jxend starting): their VMs keep their records. */
    void watchRunning() {
        for (var d : toolstack.list()) {
            if (d.domid() != 0) {
                later(() -> watch(d.domid()));
            }
        }
    }

    /**
     * What the toolstack says happened: a new domain is watched, a gone one forgotten, both on this
     * class's thread (the event comes on the thread of the create or destroy, which must not wait).
     */
    void on(ToolstackEvent event) {
        switch (event) {
            case ToolstackEvent.Created c -> later(() -> {
                fresh.add(c.domid());
                watch(c.domid());
            });
            case ToolstackEvent.Destroyed d -> later(() -> forget(d.domid()));
            default -> { }
        }
    }

    private void later(Runnable task) {
        tasks.add(task);
        changed.release();
    }

    private void watch(int domid) {
        try {
            for (String dir : WATCHED) {
                xs.watch(Paths.domainPath(domid) + "/" + dir, token(domid, dir), e -> changed(domid));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot watch domain " + domid + "'s guest agent data", e);
        }
    }

    private static List<String> watched() {
        List<String> dirs = new ArrayList<>();
        GuestAgentData.READS.forEach(r -> {
            if (dirs.stream().noneMatch(d -> r.dir().startsWith(d + "/"))) {
                dirs.add(r.dir());
            }
        });
        dirs.add("device");
        return dirs;
    }

    private static String token(int domid, String dir) {
        return "jxend-guest-metrics/" + domid + "/" + dir;
    }

    private void forget(int domid) {
        for (String dir : WATCHED) {
            try {
                xs.unwatch(Paths.domainPath(domid) + "/" + dir, token(domid, dir));
            } catch (RuntimeException e) {
                // the domain's watches go with it
            }
        }
        dirty.remove(domid);
        fresh.remove(domid);
        written.remove(domid);
    }

    private void changed(int domid) {
        dirty.add(domid);
        changed.release();
    }

    private void readLoop() {
        while (!closed) {
            try {
                changed.acquire();
                Thread.sleep(SETTLE_MS); // a guest writes its keys one by one: read once they have settled
                changed.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
            List<Reading> changedOnes = new ArrayList<>();
            for (Integer domid : List.copyOf(dirty)) {
                dirty.remove(domid);
                try {
                    Reading r = read(domid);
                    if (r != null) {
                        changedOnes.add(r);
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        LOG.log(Level.WARNING, "cannot read the guest agent data of domain " + domid, e);
                    }
                }
            }
            if (!changedOnes.isEmpty()) {
                write(changedOnes);
            }
        }
    }

    /** What one read of a guest found that its VM's record does not have yet. */
    private record Reading(int domid, String vm, Map<String, Object> fields, boolean renew) {
    }

    /** The guest's fields now, or null when they are what was written last (or the domain is no VM's). */
    private Reading read(int domid) {
        String vm;
        try {
            vm = store.refByUuid("VM", toolstack.domain(domid).uuid().toString());
        } catch (ToolstackException | XenApiFailure noVmOrGone) {
            return null;
        }
        String home = Paths.domainPath(domid);
        Map<String, Object> fields = GuestAgentData.fields(snapshot(home));
        boolean detected = pvDriversDetected(home);
        fields.put("PV_drivers_detected", detected);
        fields.put("PV_drivers_up_to_date", detected);
        boolean renew = fresh.remove(domid);
        return renew || !fields.equals(written.get(domid)) ? new Reading(domid, vm, fields, renew) : null;
    }

    /** The readings into their VMs' records, in one commit: a host starting many guests changes many at once. */
    private void write(List<Reading> readings) {
        try {
            store.atomically(() -> {
                for (Reading r : readings) {
                    try {
                        apply(r);
                    } catch (XenApiFailure vmGone) {
                        continue; // destroyed meanwhile: the others still go in
                    }
                    written.put(r.domid(), r.fields());
                }
                return null;
            });
        } catch (XenApiFailure | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "cannot update the guest metrics of " + readings.size() + " VMs", e);
            }
        }
    }

    private void apply(Reading r) throws XenApiFailure {
        String gm = (String) store.field("VM", r.vm(), "guest_metrics");
        boolean exists = store.exists(CLASS, gm);
        if (r.renew() && exists) {
            store.destroy(CLASS, gm);
            exists = false;
        }
        Map<String, Object> changes = new LinkedHashMap<>(r.fields());
        changes.put("last_updated", clock.instant());
        if (exists) {
            Map<String, Object> before = store.record(CLASS, gm);
            changes.entrySet().removeIf(e -> !e.getKey().equals("last_updated")
                    && Objects.equals(before.get(e.getKey()), e.getValue()));
            store.set(CLASS, gm, changes);
        } else {
            changes.put("live", true);
            store.set("VM", r.vm(), "guest_metrics", store.create(CLASS, changes));
        }
    }

    /** The guest's home as xenopsd reads it: each subtree level by level, a level's nodes in one round trip. */
    private Map<String, String> snapshot(String home) {
        Map<String, String> values = new LinkedHashMap<>();
        for (GuestAgentData.Read read : GuestAgentData.READS) {
            List<String> level = List.of(read.dir());
            for (int depth = read.depth(); !level.isEmpty(); depth--) {
                List<XsTransaction.Look> looks = xs.look(level.stream().map(p -> home + "/" + p).toList());
                List<String> next = new ArrayList<>();
                for (int i = 0; i < level.size(); i++) {
                    XsTransaction.Look look = looks.get(i);
                    if (!look.exists()) {
                        continue;
                    }
                    values.put(level.get(i), look.value());
                    if (depth >= 0 && look.children() != null) {
                        for (String child : look.children()) {
                            String path = level.get(i) + "/" + child;
                            if (!path.equals(read.excluded())) {
                                next.add(path);
                            }
                        }
                    }
                }
                level = next;
            }
        }
        return values;
    }

    private boolean pvDriversDetected(String home) {
        List<String> states = new ArrayList<>();
        List<XsTransaction.Look> kinds = xs.look(FRONTENDS.stream().map(k -> home + "/" + k).toList());
        for (int i = 0; i < FRONTENDS.size(); i++) {
            List<String> devices = kinds.get(i).children();
            if (devices != null) {
                for (String device : devices) {
                    states.add(home + "/" + FRONTENDS.get(i) + "/" + device + "/state");
                }
            }
        }
        return !states.isEmpty() && xs.look(states).stream().anyMatch(l -> CONNECTED.equals(l.value()));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.interrupt();
        xs.close();
    }
}
