package org.jxen.toolstack.java;

import java.time.Duration;
import java.util.UUID;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.XenError;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsException;

/**
 * Takes a domain apart as libxl's destroy does ({@code libxl__destroy_domid}): the domain paused,
 * every recorded device removed by force (a console's nodes simply removed), its {@code /vm}, home and {@code /libxl} directories removed, the
 * domain destroyed; then, beyond libxl, waits until Xen has let the domain go (its dying phase
 * over). Also what a failed create rolls back with, so it copes with a domain half made.
 */
final class Teardown {
    /** How long a destroyed domain may stay dying before the toolstack reports it. */
    static final Duration DYING_TIMEOUT = Duration.ofSeconds(10);

    private final Hypervisor hv;
    private final XsClient xs;
    private final HostTime time;
    private final Devices devices;

    Teardown(Hypervisor hv, XsClient xs, HostTime time, Devices devices) {
        this.hv = hv;
        this.xs = xs;
        this.time = time;
        this.devices = devices;
    }

    /**
     * Destroys {@code domid}: {@code introduced} says whether XenStore knows it (it is released
     * at once, so its watches and connection go with it), {@code treeWritten} whether its
     * directories may exist.
     */
    void tearDown(int domid, UUID uuid, boolean introduced, boolean treeWritten) throws ToolstackException {
        try {
            hv.pause(domid); // as libxl: the guest no longer runs while its devices go
        } catch (HypervisorException e) {
            // not there (a create that failed early) or already dying: nothing runs to stop
        }
        devices.removeAll(devices.recorded(domid), true);
        if (treeWritten) {
            new DomainTree(xs).remove(domid, uuid);
        }
        if (introduced) {
            try {
                xs.release(domid);
            } catch (XsException e) {
                // the daemon saw it die first and released it itself
            }
        }
        try {
            hv.destroyDomain(domid);
        } catch (HypervisorException e) {
            if (e.error() != XenError.ESRCH) {
                throw new ToolstackException(ToolstackException.Kind.FAILED, "xc_domain_destroy failed: " + e.getMessage());
            }
        }
        if (!time.await(() -> gone(domid), DYING_TIMEOUT.toNanos())) {
            throw new ToolstackException(ToolstackException.Kind.TIMEOUT, "domain " + domid + " is still dying after "
                    + DYING_TIMEOUT.toSeconds() + " s: dom0 still maps its pages or holds its event channels");
        }
    }

    private boolean gone(int domid) {
        try {
            hv.domainInfo(domid);
            return false;
        } catch (HypervisorException e) {
            return true;
        }
    }
}
