package org.jxen.xenstore.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Caller;
import org.jxen.xenstore.store.Change;
import org.jxen.xenstore.store.Domids;
import org.jxen.xenstore.store.Node;
import org.jxen.xenstore.store.Paths;
import org.jxen.xenstore.store.Permissions;
import org.jxen.xenstore.store.Store;

/**
 * Domain management: INTRODUCE, RELEASE, IS_DOMAIN_INTRODUCED, RESUME, SET_TARGET,
 * GET_DOMAIN_PATH, the special watch nodes' permissions, and the cleanup when a domain goes:
 * a reused domid must never inherit a dead domain's nodes, permissions or watches (XSA-322).
 */
final class DomainRequests {
    static final String INTRODUCE_EVENT = "@introduceDomain";
    static final String RELEASE_EVENT = "@releaseDomain";

    private final XenStoreCore core;
    private final DomainConnector connector;
    private final Map<Integer, Domain> introduced = new HashMap<>();
    private final Map<String, Permissions> specialPerms = new HashMap<>(Map.of(
            INTRODUCE_EVENT, Permissions.DOM0_ONLY, RELEASE_EVENT, Permissions.DOM0_ONLY));

    DomainRequests(XenStoreCore core, DomainConnector connector) {
        this.core = core;
        this.connector = connector;
    }

    /**
     * {@code <domid>|<gfn>|<evtchn>|}: start serving a domain. Its ring is connected before the
     * domain is registered, so a failed map or bind answers with Xen's errno and leaves nothing
     * behind. Introducing a connected domain again is {@link #reintroduce}.
     */
    byte[] introduce(byte[] p) {
        List<String> args = Payload.strings(p);
        if (args.size() < 3) {
            throw new XsException(XsErrno.EINVAL, "INTRODUCE needs <domid>\\0<gfn>\\0<evtchn>\\0");
        }
        int domid = Domids.parseLenient(args.get(0));
        if (domid < 0 || domid > Domids.MAX_REAL) {
            throw new XsException(XsErrno.EINVAL, "INTRODUCE: " + args.get(0) + " is not a domain id");
        }
        int port = Domids.parseLenient(args.get(2));
        if (port == 0) { // C's port is unsigned: "-1" is a port (measured)
            throw new XsException(XsErrno.EINVAL, "INTRODUCE: event channel port 0 is never a domain's");
        }
        if (domid == 0) {
            return Payload.OK; // dom0 is always introduced; its ring is set up at start
        }
        Domain d = introduced.get(domid);
        if (d != null) {
            reintroduce(d, port);
            return Payload.OK;
        }
        ClientLink link = connector.connect(core, domid, Domids.parseLenient(args.get(1)), port);
        d = new Domain(domid);
        introduced.put(domid, d);
        if (link != null) {
            d.session = core.open(domid, link);
        }
        core.store().changed(new Change(INTRODUCE_EVENT, false, Permissions.DOM0_ONLY));
        return Payload.OK;
    }

    /**
     * What C xenstored does when a live domain is introduced again (a toolstack re-creating its
     * XenStore event channel): the same ring on the new port, and the connection starts over
     * without its watches, transactions and queued messages. No @introduceDomain fires.
     */
    private void reintroduce(Domain d, int port) {
        connector.rebind(d.domid, port);
        if (d.session != null) {
            ClientLink link = d.session.link();
            core.close(d.session);
            d.session = core.open(d.domid, link);
        }
    }

    byte[] release(byte[] p) {
        int domid = domidArg(p, "RELEASE");
        if (domid == 0) {
            throw new XsException(XsErrno.EINVAL, "RELEASE: dom0 cannot be released");
        }
        Domain d = introduced.get(domid);
        if (d == null) {
            throw new XsException(XsErrno.ENOENT, "RELEASE: domain " + domid + " is not introduced");
        }
        forget(d);
        return Payload.OK;
    }

    /** Drops a domain that was released or died: its connection, what it owns, its permissions. */
    void forget(Domain d) {
        introduced.remove(d.domid);
        if (d.session != null) { // closed before its ring is unmapped: nothing reads the ring after that
            d.session.link().close("domain " + d.domid + " released");
            core.close(d.session);
        }
        connector.disconnect(d.domid);
        removeTraces(d.domid);
        core.store().changed(new Change(RELEASE_EVENT, false, Permissions.DOM0_ONLY));
    }

    /**
     * After VIRQ_DOM_EXC: forgets domains that are gone and reports shut-down ones once, each
     * firing @releaseDomain as C xenstored does.
     */
    void checkLiveness(java.util.function.IntFunction<DomainLiveness> liveness) {
        for (Domain d : List.copyOf(introduced.values())) {
            switch (liveness.apply(d.domid)) {
                case GONE -> forget(d);
                case SHUT_DOWN -> {
                    if (!d.shutdownReported) {
                        d.shutdownReported = true;
                        core.store().changed(new Change(RELEASE_EVENT, false, Permissions.DOM0_ONLY));
                    }
                }
                case RUNNING -> { }
            }
        }
    }

    byte[] isIntroduced(byte[] p) {
        int domid = domidArg(p, "IS_DOMAIN_INTRODUCED");
        return Payload.nulTerminated(domid == 0 || introduced.containsKey(domid) ? "T" : "F");
    }

    byte[] resume(byte[] p) {
        int domid = domidArg(p, "RESUME");
        if (domid == 0) {
            throw new XsException(XsErrno.EINVAL, "RESUME: dom0 is never suspended");
        }
        Domain d = introduced.get(domid);
        if (d == null) {
            throw new XsException(XsErrno.ENOENT, "RESUME: domain " + domid + " is not introduced");
        }
        d.shutdownReported = false;
        return Payload.OK;
    }

    /** {@code <domid>|<tdomid>|}: domid (a device model) may act as if it owned tdomid's nodes. */
    byte[] setTarget(byte[] p) {
        List<String> args = Payload.strings(p);
        if (args.size() != 2) {
            throw new XsException(XsErrno.EINVAL, "SET_TARGET needs <domid>\\0<target domid>\\0");
        }
        int domid = Domids.parseLenient(args.get(0));
        int targetDomid = Domids.parseLenient(args.get(1));
        if (!isKnown(domid) || !isKnown(targetDomid)) {
            throw new XsException(XsErrno.ENOENT, "SET_TARGET: both domains must be introduced");
        }
        Domain d = introduced.get(domid); // none for dom0, which is privileged anyway (C answers OK for it too)
        if (d != null && d.session != null) {
            Caller c = d.session.caller();
            d.session.setCaller(new Caller(c.domid(), c.privileged(), targetDomid));
        }
        return Payload.OK;
    }

    byte[] domainPath(byte[] p) {
        int domid = domidArg(p, "GET_DOMAIN_PATH");
        return Payload.nulTerminated("/local/domain/" + Integer.toUnsignedString(domid));
    }

    /**
     * A permission list's owner must exist; the other entries may name any domain, kept as given
     * (C xenstored 4.17, measured: "n0 r65535" is accepted and read back so).
     */
    void requireOwnerExisting(Permissions perms) {
        if (!connector.exists(perms.owner())) {
            throw new XsException(XsErrno.ENOENT, "permission owner " + perms.owner() + " is not a domain");
        }
    }

    Permissions specialPerms(String path) {
        return specialPerms.getOrDefault(path, Permissions.DOM0_ONLY);
    }

    void setSpecialPerms(Caller c, String path, Permissions perms) {
        Permissions current = specialPerms.get(path);
        if (current == null) {
            throw new XsException(XsErrno.ENOENT, path + ": only @introduceDomain and @releaseDomain have permissions");
        }
        if (!c.isOwner(current)) {
            throw new XsException(XsErrno.EACCES, path + ": only its owner may change its permissions");
        }
        specialPerms.put(path, perms);
    }

    void sessionClosed(Session s) {
        for (Domain d : introduced.values()) {
            if (d.session == s) {
                d.session = null;
            }
        }
    }

    boolean isKnown(int domid) {
        return domid == 0 || introduced.containsKey(domid);
    }

    /** Removes the nodes a domain owns (with everything below them) and every grant naming it. */
    private void removeTraces(int domid) {
        Store store = core.store();
        List<String> owned = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (String path : store.pathsNaming(domid)) {
            Permissions perms = store.get(path).perms();
            if (perms.owner() == domid) {
                owned.add(path);
            } else if (perms.mentions(domid)) {
                granted.add(path);
            }
        }
        owned.sort(Comparator.comparingInt(String::length)); // parents first; their removal takes the children
        for (String path : owned) {
            if (store.get(path) != null && !path.equals(Paths.ROOT)) {
                core.ops().rm(store, Caller.DOM0, path);
            }
        }
        for (String path : granted) {
            Node n = store.get(path);
            if (n != null) {
                store.put(path, n.withPerms(n.perms().without(domid)));
            }
        }
        specialPerms.replaceAll((k, v) -> v.owner() == domid ? Permissions.DOM0_ONLY : v.without(domid));
    }

    private static int domidArg(byte[] p, String op) {
        String arg = Payload.oneString(p);
        if (arg == null) {
            throw new XsException(XsErrno.EINVAL, op + " needs <domid>\\0");
        }
        return Domids.parseLenient(arg);
    }
}
