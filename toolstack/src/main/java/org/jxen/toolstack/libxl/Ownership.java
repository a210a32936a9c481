package org.jxen.toolstack.libxl;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jxen.xenstore.client.XsClient;

/**
 * The domains whose {@code on_*} actions this toolstack carries out: those it created or restored
 * (a domain {@code xl create} made has xl's own monitor). Kept in XenStore as
 * {@code /tool/jxend/owned/DOMID = UUID}, so they stay this toolstack's across a restart of jxend and
 * go with the host: a host reboot ends every domain, and XenStore with them. The UUID tells a domain
 * from a later one that was given the same ID while jxend was not running.
 */
final class Ownership {
    static final String DIR = "/tool/jxend/owned";
    private static final Logger LOG = Logger.getLogger(Ownership.class.getName());

    private final XsClient xs;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();

    private Ownership(XsClient xs) {
        this.xs = xs;
    }

    /** What an earlier jxend owned, of the {@code domains} there now (ID to UUID); entries of domains gone are removed. */
    static Ownership load(XsClient xs, Map<Integer, UUID> domains) {
        Ownership o = new Ownership(xs);
        if (!xs.exists(DIR)) {
            return o;
        }
        for (String entry : xs.directory(DIR)) {
            String uuid = xs.readOrNull(DIR + "/" + entry);
            Integer domid = entry.matches("[0-9]{1,5}") ? Integer.valueOf(entry) : null;
            if (domid != null && uuid != null && uuid.equals(String.valueOf(domains.get(domid)))) {
                o.owned.add(domid);
            } else {
                xs.rm(DIR + "/" + entry);
            }
        }
        if (!o.owned.isEmpty()) {
            LOG.info("carrying out the on_* actions of the domains jxend made before it restarted: " + o.owned);
        }
        return o;
    }

    /** Takes the domain on; if XenStore refuses the entry, it is this jxend's until it stops, and that is logged. */
    void take(int domid, UUID uuid) {
        owned.add(domid);
        try {
            xs.write(DIR + "/" + domid, uuid.toString());
        } catch (RuntimeException e) {
            LOG.warning("domain " + domid + " is jxend's, but a restarted jxend will not know it: writing "
                    + DIR + "/" + domid + " failed: " + e.getMessage());
        }
    }

    /** The domain is gone, or no longer this toolstack's to act on (kept by a rename-restart). */
    void release(int domid) {
        if (!owned.remove(domid)) {
            return;
        }
        try {
            if (xs.exists(DIR + "/" + domid)) {
                xs.rm(DIR + "/" + domid);
            }
        } catch (RuntimeException e) { // a stale entry is dropped at the next start, its domain gone
            LOG.warning("removing " + DIR + "/" + domid + " failed: " + e.getMessage());
        }
    }

    boolean owns(int domid) {
        return owned.contains(domid);
    }
}
