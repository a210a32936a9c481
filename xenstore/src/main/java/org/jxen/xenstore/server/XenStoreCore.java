package org.jxen.xenstore.server;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Caller;
import org.jxen.xenstore.store.Change;
import org.jxen.xenstore.store.Node;
import org.jxen.xenstore.store.Paths;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.store.Store;
import org.jxen.xenstore.store.Transaction;
import org.jxen.xenstore.store.Tree;
import org.jxen.xenstore.store.TreeOps;

/**
 * The daemon's core: turns each request into a reply, fires watches, owns the store. Single
 * writer: every method runs on one thread (the transport's loop), so nothing here locks.
 * Transports hand it messages through {@link #handle}; it answers through each session's
 * {@link ClientLink}.
 */
public final class XenStoreCore {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    /**
     * Operations that ignore the header's transaction id. C xenstored 4.17 ignores it for WATCH
     * and UNWATCH only; every other type with an unknown id gets ENOENT.
     */
    private static final Set<Op> IGNORE_TX = EnumSet.of(Op.WATCH, Op.UNWATCH);
    /** Operations only dom0 may send (XS_FLAG_PRIV). */
    private static final Set<Op> PRIVILEGED = EnumSet.of(Op.CONTROL, Op.INTRODUCE, Op.RELEASE,
            Op.IS_DOMAIN_INTRODUCED, Op.RESUME, Op.SET_TARGET);

    private final Store store = new Store();
    private final Watches watches = new Watches();
    private final NodeRequests nodes = new NodeRequests(this);
    private final DomainRequests domains;
    private final ControlCommands control = new ControlCommands(this);
    private final Trace trace;
    private Quota quota;
    private TreeOps ops;
    private final java.util.Set<Session> sessions = new java.util.LinkedHashSet<>();
    private long nextSessionId;
    /** Watch events sent so far, to any connection: written on the loop's thread only, read by any. */
    private volatile long watchEventsSent;

    public XenStoreCore(Quota quota, DomainConnector connector, Trace trace) {
        this.trace = trace;
        this.domains = new DomainRequests(this, connector);
        setQuota(quota);
    }

    /** Opens a session for a new connection from {@code domid}; socket clients are dom0. */
    public Session open(int domid, ClientLink link) {
        Caller caller = domid == 0 ? Caller.DOM0 : Caller.domain(domid);
        Session s = new Session(++nextSessionId, link, caller);
        sessions.add(s);
        link.opened(s);
        return s;
    }

    /** Forgets a connection that went away: its watches and open transactions go with it. */
    public void close(Session session) {
        if (!session.isClosed()) {
            session.markClosed();
            sessions.remove(session);
            watches.removeAll(session);
            session.transactions().clear();
            domains.sessionClosed(session);
        }
    }

    /** Processes one request and sends its reply (and any watch events it causes). */
    public void handle(Session session, Message request) {
        if (session.isClosed()) {
            return;
        }
        trace.in(session, request);
        Op op = request.op();
        byte[] reply;
        try {
            reply = dispatch(session, op, request);
        } catch (XsException e) {
            store.drainChanges(); // a failed request changed nothing that may fire
            sendError(session, request, e.errno());
            return;
        } catch (RuntimeException e) {
            // A bug, not bad input: report it loudly, answer EIO, keep serving everyone else.
            LOG.log(System.Logger.Level.ERROR, "internal error handling " + request + " from " + session, e);
            store.drainChanges();
            sendError(session, request, XsErrno.EIO);
            return;
        }
        fireWatches();
        if (reply.length > Message.PAYLOAD_MAX) {
            sendError(session, request, XsErrno.E2BIG);
            return;
        }
        send(session, Message.of(op, request.reqId(), request.txId(), reply));
        if (op == Op.WATCH) {
            nodes.sendInitialWatchEvent(session);
        }
    }

    private byte[] dispatch(Session session, Op op, Message request) {
        if (op == null || op == Op.WATCH_EVENT || op == Op.ERROR) {
            throw new XsException(XsErrno.ENOSYS, "unknown message type " + Integer.toUnsignedString(request.type()));
        }
        Transaction tx = null;
        if (!IGNORE_TX.contains(op) && request.txId() != 0) {
            tx = session.transactions().get(request.txId());
            if (tx == null) {
                throw new XsException(XsErrno.ENOENT, "no transaction " + Integer.toUnsignedString(request.txId()));
            }
        }
        if (PRIVILEGED.contains(op) && !session.caller().privileged()) {
            throw new XsException(XsErrno.EACCES, op + " is for dom0 only");
        }
        Tree tree = tx == null ? store : tx;
        byte[] p = request.payload();
        return switch (op) {
            case READ -> nodes.read(session, tree, p);
            case WRITE -> nodes.write(session, tree, p);
            case MKDIR -> nodes.mkdir(session, tree, p);
            case RM -> nodes.rm(session, tree, p);
            case DIRECTORY -> nodes.directory(session, tree, p);
            case DIRECTORY_PART -> nodes.directoryPart(session, tree, p);
            case GET_PERMS -> nodes.getPerms(session, tree, p);
            case SET_PERMS -> nodes.setPerms(session, tree, p);
            case WATCH -> nodes.watch(session, p);
            case UNWATCH -> nodes.unwatch(session, p);
            case RESET_WATCHES -> nodes.resetWatches(session);
            case TRANSACTION_START -> nodes.transactionStart(session, tx);
            case TRANSACTION_END -> nodes.transactionEnd(session, tx, p);
            case INTRODUCE -> domains.introduce(p);
            case RELEASE -> domains.release(p);
            case IS_DOMAIN_INTRODUCED -> domains.isIntroduced(p);
            case RESUME -> domains.resume(p);
            case SET_TARGET -> domains.setTarget(p);
            case GET_DOMAIN_PATH -> domains.domainPath(p);
            case CONTROL -> control.run(session, p);
            case WATCH_EVENT, ERROR -> throw new IllegalStateException("rejected above");
        };
    }

    /**
     * Sends every queued change's watch events to the sessions whose watches match. A connection
     * gets one event per distinct path and token, however many of its watches match (as in C
     * xenstored).
     */
    void fireWatches() {
        for (Change change : store.drainChanges()) {
            List<Watches.Hit> hits = watches.matching(change);
            Set<String> sent = hits.size() > 1 ? new java.util.HashSet<>() : null;
            for (Watches.Hit hit : hits) {
                Watch w = hit.watch();
                if (!mayHear(w.session().caller(), change, hit.eventPath())) {
                    continue;
                }
                String reported = w.reported(hit.eventPath());
                if (sent == null || sent.add(w.session().id() + "\0" + reported + "\0" + w.token())) {
                    sendWatchEvent(w, reported);
                }
            }
        }
    }

    /** Sends one event reporting {@code reportedPath} (already relative for a relative watch). */
    void sendWatchEvent(Watch w, String reportedPath) {
        byte[] payload = Payload.joined(List.of(reportedPath, w.token()));
        if (payload.length > Message.PAYLOAD_MAX) {
            return; // XSA-324: an event the client could not receive is dropped, not truncated
        }
        send(w.session(), Message.of(Op.WATCH_EVENT, 0, 0, payload));
        watchEventsSent++; // the loop's thread is the only writer
    }

    /**
     * How many watch events the daemon has sent, to any connection; any thread. Unchanged since a
     * client last took its events, nothing new can be waiting for it.
     */
    public long watchEventsSent() {
        return watchEventsSent;
    }

    /**
     * Unprivileged domains hear only of nodes they may read: the node as it was, as it is, or its
     * parent (so a readable directory reports its children coming and going).
     */
    private boolean mayHear(Caller c, Change change, String eventPath) {
        if (c.privileged()) {
            return true;
        }
        if (Paths.isSpecial(change.path())) {
            return c.accessTo(domains.specialPerms(change.path())).canRead();
        }
        if (c.accessTo(change.perms()).canRead()) {
            return true;
        }
        Node now = store.get(eventPath);
        if (now != null && c.accessTo(now.perms()).canRead()) {
            return true;
        }
        Node parent = eventPath.equals(Paths.ROOT) ? null : store.get(Paths.parent(eventPath));
        return parent != null && c.accessTo(parent.perms()).canRead();
    }

    private void sendError(Session session, Message request, XsErrno errno) {
        send(session, Message.of(Op.ERROR, request.reqId(), request.txId(),
                (errno.name() + "\0").getBytes(StandardCharsets.US_ASCII)));
    }

    private void send(Session session, Message m) {
        if (!session.isClosed()) {
            trace.out(session, m);
            session.link().send(m);
        }
    }

    void setQuota(Quota q) {
        this.quota = q;
        this.ops = new TreeOps(q);
    }

    public Quota quota() {
        return quota;
    }

    TreeOps ops() {
        return ops;
    }

    Store store() {
        return store;
    }

    Watches watches() {
        return watches;
    }

    DomainRequests domains() {
        return domains;
    }

    /** The hypervisor reported a domain state change: release what is gone, report shutdowns. */
    public void checkDomains(java.util.function.IntFunction<DomainLiveness> liveness) {
        domains.checkLiveness(liveness);
        fireWatches();
    }

    /** Watches and open transactions of {@code domid}'s connections, for CONTROL quota. */
    int[] sessionCounts(int domid) {
        int[] counts = new int[2];
        for (Session s : sessions) {
            if (s.caller().domid() == domid) {
                counts[0] += s.watches().size();
                counts[1] += s.transactions().size();
            }
        }
        return counts;
    }

    /** Nodes in the store, for reports and tests. */
    public int nodeCount() {
        return store.size();
    }
}
