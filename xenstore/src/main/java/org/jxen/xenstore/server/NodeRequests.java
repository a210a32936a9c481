package org.jxen.xenstore.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Domids;
import org.jxen.xenstore.store.Node;
import org.jxen.xenstore.store.Paths;
import org.jxen.xenstore.store.Permissions;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.store.Transaction;
import org.jxen.xenstore.store.Tree;

/**
 * Requests on nodes, watches and transactions: parse the payload as C xenstored does, resolve
 * and check the path, run the operation, build the reply payload.
 */
final class NodeRequests {
    private final XenStoreCore core;
    /** The watch just added, whose first event follows the WATCH reply. */
    private Watch lastAdded;

    NodeRequests(XenStoreCore core) {
        this.core = core;
    }

    byte[] read(Session s, Tree t, byte[] p) {
        return core.ops().read(t, s.caller(), onePath(s, p, XsErrno.ENOENT));
    }

    byte[] write(Session s, Tree t, byte[] p) {
        int valueStart = Payload.afterFirstNul(p);
        if (valueStart < 0) {
            throw new XsException(XsErrno.EINVAL, "WRITE needs <path>\\0<value>");
        }
        String path = nodePath(s, new String(p, 0, valueStart - 1, StandardCharsets.ISO_8859_1));
        core.ops().write(t, s.caller(), path, Arrays.copyOfRange(p, valueStart, p.length));
        return Payload.OK;
    }

    byte[] mkdir(Session s, Tree t, byte[] p) {
        core.ops().mkdir(t, s.caller(), onePath(s, p, XsErrno.ENOMEM));
        return Payload.OK;
    }

    byte[] rm(Session s, Tree t, byte[] p) {
        core.ops().rm(t, s.caller(), onePath(s, p, XsErrno.ENOMEM));
        return Payload.OK;
    }

    byte[] directory(Session s, Tree t, byte[] p) {
        return Payload.joined(Arrays.asList(core.ops().directory(t, s.caller(), onePath(s, p, XsErrno.ENOENT))));
    }

    /**
     * {@code <path>|<offset>|} answers {@code <gencnt>|<children from byte offset>|*} and a final
     * extra nul once the list is complete; a reply holds only whole names.
     */
    byte[] directoryPart(Session s, Tree t, byte[] p) {
        List<String> args = Payload.strings(p);
        if (args.size() != 2) {
            throw new XsException(XsErrno.EINVAL, "DIRECTORY_PART needs <path>\\0<offset>\\0");
        }
        Node n = core.ops().node(t, s.caller(), nodePath(s, args.get(0)));
        byte[] all = Payload.joined(Arrays.asList(n.children()));
        int asked = Domids.parseLenient(args.get(1)); // atoi, as C; a negative offset is past the end there (measured)
        long offset = asked < 0 ? all.length : Math.min(asked, all.length);
        byte[] gen = Payload.nulTerminated(Long.toString(n.generation()));
        int room = Message.PAYLOAD_MAX - gen.length - 1;
        int end = (int) offset;
        boolean complete = true;
        while (end < all.length) {
            int nul = end;
            while (all[nul] != 0) {
                nul++;
            }
            if (nul + 1 - offset > room) {
                complete = false;
                break;
            }
            end = nul + 1;
        }
        byte[] out = new byte[gen.length + (end - (int) offset) + (complete ? 1 : 0)];
        System.arraycopy(gen, 0, out, 0, gen.length);
        System.arraycopy(all, (int) offset, out, gen.length, end - (int) offset);
        return out;
    }

    byte[] getPerms(Session s, Tree t, byte[] p) {
        return Payload.joined(core.ops().getPerms(t, s.caller(), onePath(s, p, XsErrno.ENOENT)).toStrings());
    }

    byte[] setPerms(Session s, Tree t, byte[] p) {
        List<String> args = Payload.strings(p);
        if (args.size() < 2) {
            throw new XsException(XsErrno.EINVAL, "SET_PERMS needs <path>\\0 and at least one permission");
        }
        Quota q = core.quota();
        if (!s.caller().privileged() && Quota.exceeds(args.size() - 1, q.permissions())) {
            throw new XsException(XsErrno.ENOSPC, "more than " + q.permissions() + " permission entries (quota permissions)");
        }
        Permissions perms = Permissions.parse(args.subList(1, args.size()));
        if (perms == null) {
            throw new XsException(XsErrno.EINVAL, "permissions must be n|r|w|b followed by a domid, got " + args.subList(1, args.size()));
        }
        core.domains().requireOwnerExisting(perms);
        String given = args.get(0);
        if (Paths.isSpecial(given)) {
            core.domains().setSpecialPerms(s.caller(), given, perms);
        } else {
            core.ops().setPerms(t, s.caller(), nodePath(s, given), perms);
        }
        return Payload.OK;
    }

    /** WATCH and UNWATCH take {@code <path>|<token>|}; the path may be special ({@code @...}) or relative. */
    private record WatchArgs(String given, String path, String token) {
    }

    /**
     * The arguments with the path made absolute. Only WATCH checks the path (C's UNWATCH looks up
     * whatever it gets, so an invalid or too long path is merely not found).
     */
    private WatchArgs watchArgs(Session s, byte[] p, String op) {
        List<String> args = Payload.strings(p);
        if (args.size() != 2) {
            throw new XsException(XsErrno.EINVAL, op + " needs <path>\\0<token>\\0");
        }
        String given = args.get(0);
        return new WatchArgs(given, Paths.canonical(given, s.caller().domid()), args.get(1));
    }

    byte[] watch(Session s, byte[] p) {
        WatchArgs w = watchArgs(s, p, "WATCH");
        if (!Paths.isSpecial(w.given())) {
            nodePath(s, w.given());
        } else if (w.given().length() > Paths.REL_PATH_MAX) {
            throw new XsException(XsErrno.EINVAL, "special watch path '" + w.given() + "' is longer than " + Paths.REL_PATH_MAX + " bytes");
        }
        if (core.watches().find(s, w.path(), w.token()) != null) {
            throw new XsException(XsErrno.EEXIST, "watch " + w.path() + " " + w.token() + " exists");
        }
        Quota q = core.quota();
        if (!s.caller().privileged() && Quota.exceeds(s.watches().size() + 1L, q.watches())) {
            throw new XsException(XsErrno.E2BIG, "more than " + q.watches() + " watches (quota watches)");
        }
        lastAdded = core.watches().add(s, w.path(), w.token(), Watch.relativeBase(w.given(), s.caller().domid()));
        return Payload.OK;
    }

    /** A new watch fires once straight away, reporting its own path. */
    void sendInitialWatchEvent(Session s) {
        if (lastAdded != null && lastAdded.session() == s) {
            core.sendWatchEvent(lastAdded, lastAdded.reported(lastAdded.path()));
        }
        lastAdded = null;
    }

    byte[] unwatch(Session s, byte[] p) {
        WatchArgs args = watchArgs(s, p, "UNWATCH");
        Watch w = core.watches().find(s, args.path(), args.token());
        if (w == null) {
            throw new XsException(XsErrno.ENOENT, "no watch " + args.path() + " " + args.token());
        }
        core.watches().remove(w);
        return Payload.OK;
    }

    byte[] resetWatches(Session s) {
        core.watches().removeAll(s);
        s.transactions().clear();
        return Payload.OK;
    }

    byte[] transactionStart(Session s, Transaction current) {
        if (current != null) {
            throw new XsException(XsErrno.EBUSY, "TRANSACTION_START inside transaction " + current.id());
        }
        Quota q = core.quota();
        boolean limited = !s.caller().privileged();
        if (limited && Quota.exceeds(s.transactions().size() + 1L, q.transactions())) {
            throw new XsException(XsErrno.ENOSPC, "more than " + q.transactions() + " open transactions (quota transactions)");
        }
        int id = s.allocateTransactionId();
        s.transactions().put(id, new Transaction(id, core.store(), limited ? q.transactionNodes() : 0));
        return Payload.nulTerminated(Integer.toUnsignedString(id));
    }

    byte[] transactionEnd(Session s, Transaction tx, byte[] p) {
        String arg = Payload.oneString(p);
        if (!"T".equals(arg) && !"F".equals(arg)) {
            throw new XsException(XsErrno.EINVAL, "TRANSACTION_END takes T (commit) or F (abort)");
        }
        if (tx == null) {
            throw new XsException(XsErrno.ENOENT, "TRANSACTION_END outside a transaction");
        }
        s.transactions().remove(tx.id());
        if (arg.equals("T")) {
            if (!tx.canCommit()) {
                throw new XsException(XsErrno.EAGAIN, "transaction " + tx.id() + " conflicts with a change since it started");
            }
            tx.commit();
        }
        return Payload.OK;
    }

    /**
     * The path of READ, DIRECTORY, GET_PERMS, MKDIR and RM, whose payload must be exactly one
     * nul-terminated string. Otherwise C xenstored 4.17 answers whatever errno its last failing
     * call left: ENOENT on a fresh daemon and after most requests, which MKDIR and RM go on to
     * turn into ENOMEM; callers pass that answer (docs/xenstore.md, "Deviations").
     */
    private String onePath(Session s, byte[] p, XsErrno malformed) {
        String given = Payload.oneString(p);
        if (given == null) {
            throw new XsException(malformed, "expected exactly one nul-terminated path");
        }
        return nodePath(s, given);
    }

    /** Resolves a request's path argument to a canonical node path, or fails with EINVAL. */
    private String nodePath(Session s, String given) {
        int domid = s.caller().domid();
        String path = Paths.canonical(given, domid);
        if (!Paths.isValidNodePath(path)) {
            throw new XsException(XsErrno.EINVAL, "invalid path '" + given + "'");
        }
        int limit = pathLimit();
        if (Paths.lengthCounted(path) > limit) {
            throw new XsException(XsErrno.EINVAL, "path '" + given + "' is longer than " + limit
                    + " bytes (below /local/domain/<domid>/ if it starts so; quota path-max)");
        }
        return path;
    }

    /** C xenstored's path limit: path-max (0: none), never above XENSTORE_REL_PATH_MAX, for dom0 as well. */
    private int pathLimit() {
        int quota = core.quota().pathMax();
        return quota == 0 ? Paths.REL_PATH_MAX : Math.min(quota, Paths.REL_PATH_MAX);
    }
}
