package org.jxen.hv.sim;

import java.util.SplittableRandom;
import org.jxen.hv.ShutdownReason;
import org.jxen.xenstore.client.XsClient;

/**
 * What the guest kernels of a simulated host do: they boot and act on XenStore (through
 * {@link GuestAgents}, once the host has one), write their memory, balloon towards a target, bring
 * vCPUs up and down and shut themselves down. Called under the host's lock.
 */
final class Guests {
    /** Time from a guest's first unpause to its kernel bringing up xenbus. */
    static final long KERNEL_BOOT_NS = 1_000_000_000L;
    /** How fast a balloon driver moves: KiB per step of {@link #BALLOON_STEP_NS} (1 GiB/s). */
    static final long BALLOON_KB_PER_STEP = 10 * 1024;
    static final long BALLOON_STEP_NS = 10_000_000L;
    /** How long a balloon that found no free memory waits before it tries again. */
    static final long BALLOON_RETRY_NS = 1_000_000_000L;
    private static final long DIRTY_STEP_NS = 10_000_000L;

    private final DomainLifecycle lifecycle;
    private final EventQueue events;
    private final SplittableRandom random;
    private final HostLog log;
    /** The guests' XenStore side, once {@link #attach} gave it a connection. */
    private GuestAgents agents;

    Guests(DomainLifecycle lifecycle, EventQueue events, SplittableRandom random, HostLog log) {
        this.lifecycle = lifecycle;
        this.events = events;
        this.random = random;
        this.log = log;
    }

    void attach(GuestAgents guestAgents) {
        if (agents != null) {
            throw new IllegalStateException("this host already has a XenStore");
        }
        agents = guestAgents;
        agents.pump();
    }

    /** Before the clock moves, the guests act on what changed in XenStore since. */
    void catchUp() {
        if (agents != null) {
            agents.pump();
        }
    }

    /**
     * At its first unpause a built guest's kernel starts: it brings up its other vCPUs (Linux's
     * {@code smp_init}; Xen's builder started vCPU 0 only) and, once it has booted, acts on
     * XenStore, where {@code cpu/N/availability} takes down those it marks offline.
     */
    void unpaused(SimDomain d) {
        if (d.consoleKicked) {
            consoleKicked(d);
        }
        if (!d.booted && d.build != null) {
            d.booted = true;
            d.vcpus.forEach(v -> lifecycle.setOnline(v, true));
            if (agents != null) {
                events.at(events.now() + KERNEL_BOOT_NS, () -> {
                    if (lifecycle.current(d) && !d.dying) {
                        agents.boot(d);
                    }
                });
            }
        }
    }

    /**
     * dom0 notified the guest's console event channel: its console driver takes the interrupt when
     * the guest next runs (now, unless it is paused), writes what waits and reads what was typed.
     */
    void consoleKicked(SimDomain d) {
        d.consoleKicked = d.paused();
        if (!d.paused()) {
            events.at(events.now(), () -> {
                if (lifecycle.current(d) && d.schedulable()) {
                    d.guestConsole.kicked();
                }
            });
        }
    }

    /** The guest panics: it prints the panic and shuts down with reason crash. */
    void crash(SimDomain d) {
        d.guestConsole.add("Kernel panic - not syncing: sysrq triggered crash");
        lifecycle.shutDown(d, ShutdownReason.CRASH);
    }

    /** The guest writes {@code pagesPerSecond} pages a second, a batch every 10 ms while it runs. */
    void setDirtyRate(SimDomain d, long pagesPerSecond) {
        d.dirtyPagesPerSecond = pagesPerSecond;
        if (d.nextDirtying == null && pagesPerSecond > 0) {
            SplittableRandom pick = random.split();
            d.nextDirtying = events.at(events.now() + DIRTY_STEP_NS, () -> dirtyStep(d, pick));
        }
    }

    private void dirtyStep(SimDomain d, SplittableRandom pick) {
        d.nextDirtying = null;
        if (!lifecycle.current(d) || d.dirtyPagesPerSecond == 0) {
            return;
        }
        long pages = d.build == null ? 0 : Math.min(d.memKb() / 4, d.build.consoleGfn()); // not its rings
        if (d.schedulable() && pages > 0) {
            for (long i = 0; i < d.dirtyPagesPerSecond * DIRTY_STEP_NS / 1_000_000_000L; i++) {
                d.pages.guestWrote(pick.nextLong(pages));
            }
        }
        d.nextDirtying = events.at(events.now() + DIRTY_STEP_NS, () -> dirtyStep(d, pick));
    }

    /** The guest's own SCHEDOP_shutdown, {@code delayNs} from now (unless it is gone by then). */
    void shutdownIn(SimDomain d, ShutdownReason reason, long delayNs) {
        events.at(events.now() + delayNs, () -> {
            if (lifecycle.current(d)) {
                lifecycle.shutDown(d, reason);
            }
        });
    }

    /** The guest read a new {@code memory/target}. */
    void memoryTarget(SimDomain d, long targetKb) {
        log.traced(() -> "d" + d.domid + " memory target " + targetKb + " KiB");
        balloonTo(d, targetKb);
    }

    /** The guest's balloon driver moves its memory towards {@code targetKb} (at most its maximum). */
    void balloonTo(SimDomain d, long targetKb) {
        d.targetKb = Math.max(0, Math.min(targetKb, d.maxMemKb));
        if (d.balloonStep == null) {
            d.balloonStep = events.at(events.now() + BALLOON_STEP_NS, () -> balloonStep(d));
        }
    }

    private void balloonStep(SimDomain d) {
        d.balloonStep = null;
        if (!lifecycle.current(d)) {
            return;
        }
        long gap = d.targetKb - d.memKb();
        long chunk = Math.min(Math.abs(gap), BALLOON_KB_PER_STEP);
        if (chunk == 0) {
            return;
        }
        long next = BALLOON_STEP_NS;
        if (gap < 0) {
            lifecycle.release(d, chunk);
        } else if (!lifecycle.allocate(d, chunk)) {
            next = BALLOON_RETRY_NS; // the host is out of memory: try again later, as Linux's balloon does
        }
        d.balloonStep = events.at(events.now() + next, () -> balloonStep(d));
    }

    /** The guest's CPU hot-plug: vCPUs 0 to {@code count - 1} up, the rest down. */
    void setOnlineVcpus(SimDomain d, int count) {
        for (SimVcpu v : d.vcpus) {
            lifecycle.setOnline(v, v.id < count);
        }
    }

    /** VCPUOP_up / VCPUOP_down, as the guest's CPU hot-plug does it. */
    void vcpuUp(SimVcpu v, boolean online) {
        lifecycle.setOnline(v, online);
    }

    /** The XenStore client the guest kernel of {@code domid} uses (its own ring's, or dom0's). */
    XsClient store(int domid) {
        return agents.store(domid).xs();
    }

    /** {@code d} is dying: its guest stops, its balloon and its writes with it. */
    void dying(SimDomain d) {
        if (d.balloonStep != null) {
            d.balloonStep.cancel();
        }
        if (d.nextDirtying != null) {
            d.nextDirtying.cancel();
        }
        if (agents != null) {
            agents.forget(d.domid);
        }
    }
}
