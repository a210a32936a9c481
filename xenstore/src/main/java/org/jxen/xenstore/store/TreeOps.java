package org.jxen.xenstore.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * The node operations with C xenstored 4.17's rules for permissions, implicit parents, quotas and
 * which changes fire watches. Works on any {@link Tree}, so the same code serves plain requests and
 * transactions. Paths given here are canonical and already validated.
 */
public final class TreeOps {
    private final Quota quota;

    public TreeOps(Quota quota) {
        this.quota = quota;
    }

    public byte[] read(Tree t, Caller c, String path) {
        return find(t, c, path, false).value();
    }

    public String[] directory(Tree t, Caller c, String path) {
        return find(t, c, path, false).children();
    }

    public Node node(Tree t, Caller c, String path) {
        return find(t, c, path, false);
    }

    public Permissions getPerms(Tree t, Caller c, String path) {
        return find(t, c, path, false).perms();
    }

    public void write(Tree t, Caller c, String path, byte[] value) {
        Node n = t.get(path);
        if (n == null) {
            create(t, c, path, value);
            return;
        }
        requireAccess(c, n, true, path);
        store(t, c, path, n.withValue(value), n);
        t.changed(new Change(path, false, n.perms()));
    }

    public void mkdir(Tree t, Caller c, String path) {
        Node n = t.get(path);
        if (n == null) {
            create(t, c, path, Node.EMPTY);
        } else {
            requireAccess(c, n, true, path);
        }
    }

    public void rm(Tree t, Caller c, String path) {
        Node n = t.get(path);
        if (n == null) {
            XsErrno e = errnoForMissing(t, c, path);
            if (e == XsErrno.ENOENT && !path.equals(Paths.ROOT) && t.get(Paths.parent(path)) != null) {
                return; // removing what is already gone is fine while its parent exists
            }
            throw new XsException(e, path);
        }
        requireAccess(c, n, true, path);
        if (path.equals(Paths.ROOT)) {
            throw new XsException(XsErrno.EINVAL, "the root node cannot be removed");
        }
        String parentPath = Paths.parent(path);
        Node parent = t.get(parentPath);
        if (parent == null) {
            // Only in a transaction whose copy of the node outlived its parent.
            throw new XsException(XsErrno.EINVAL, path + ": its parent is gone in this transaction's view");
        }
        removeSubtree(t, path, n);
        parent = t.get(parentPath);
        if (!Arrays.asList(parent.children()).contains(Paths.basename(path))) {
            // Only in a transaction whose copy of the parent predates the child: C xenstored
            // reports EIO ("corrupt") after deleting the subtree from the transaction's view.
            throw new XsException(XsErrno.EIO, path + ": not listed by the transaction's copy of " + parentPath);
        }
        t.put(parentPath, parent.withoutChild(Paths.basename(path))); // shrinks: no quota to check
    }

    /**
     * Deletes a node's subtree the way C xenstored does, without recursion (trees may be a
     * thousand levels deep): children in creation order, each subtree before the next, a node
     * after its children (post-order). Each removed descendant fires the watches set exactly on
     * it; the top node fires those on it and its ancestors. A child that has vanished (possible
     * only in a transaction's stale view) stops the removal with EIO, leaving what was already
     * removed removed, as C xenstored leaves it.
     */
    private static void removeSubtree(Tree t, String path, Node top) {
        final class Frame {
            final String path;
            final Node node;
            int next;

            Frame(String path, Node node) {
                this.path = path;
                this.node = node;
            }
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(path, top));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            String[] children = f.node.children();
            if (f.next < children.length) {
                String cp = Paths.child(f.path, children[f.next]);
                Node cn = t.get(cp);
                if (cn == null) {
                    for (Frame open : stack) { // keep the children lists as far as removal got
                        String[] left = open.node.children();
                        t.put(open.path, open.node.withChildren(Arrays.copyOfRange(left, open.next, left.length)));
                    }
                    throw new XsException(XsErrno.EIO, cp + " vanished while removing " + path);
                }
                stack.push(new Frame(cp, cn));
            } else {
                stack.pop();
                t.delete(f.path);
                t.changed(new Change(f.path, f.node != top, f.node.perms()));
                if (!stack.isEmpty()) {
                    stack.peek().next++;
                }
            }
        }
    }

    public void setPerms(Tree t, Caller c, String path, Permissions perms) {
        if (!c.privileged() && Quota.exceeds(perms.size(), quota.permissions())) {
            throw new XsException(XsErrno.ENOSPC, path + ": more than " + quota.permissions() + " permission entries (quota permissions)");
        }
        Node n = find(t, c, path, true);
        if (!c.isOwner(n.perms())) {
            throw new XsException(XsErrno.EACCES, path + ": only the owner may change permissions");
        }
        if (!c.privileged() && perms.owner() != n.perms().owner()) {
            throw new XsException(XsErrno.EPERM, path + ": only dom0 may change a node's owner");
        }
        store(t, c, path, n.withPerms(perms), n);
        t.changed(new Change(path, false, n.perms()));
    }

    /** Creates {@code path} and every missing parent, each inheriting the permissions above it. */
    private void create(Tree t, Caller c, String path, byte[] value) {
        List<String> missing = new ArrayList<>();
        String existing = path;
        Node anchor;
        do {
            missing.add(existing);
            existing = Paths.parent(existing);
        } while ((anchor = t.get(existing)) == null);
        requireAccess(c, anchor, true, existing);
        if (!c.privileged() && Quota.exceeds(t.usage(c.domid()).nodes() + (long) missing.size(), quota.nodes())) {
            throw new XsException(XsErrno.ENOSPC, "domain " + c.domid() + " would own more than " + quota.nodes() + " nodes (quota nodes)");
        }
        // Domains own what they create; dom0 keeps the inherited owner.
        Permissions perms = c.privileged() ? anchor.perms() : anchor.perms().withOwner(c.domid());
        List<Write> writes = new ArrayList<>(missing.size() + 1);
        writes.add(new Write(existing, anchor.withChild(Paths.basename(missing.getLast())), anchor));
        for (int i = missing.size() - 1; i >= 0; i--) {
            Node node = i == 0
                    ? new Node(value, perms, Node.NO_CHILDREN, 0)
                    : new Node(Node.EMPTY, perms, new String[] {Paths.basename(missing.get(i - 1))}, 0);
            writes.add(new Write(missing.get(i), node, null));
        }
        apply(t, c, writes);
        t.changed(new Change(path, false, perms));
    }

    private record Write(String path, Node node, Node old) {
    }

    private void store(Tree t, Caller c, String path, Node node, Node old) {
        apply(t, c, List.of(new Write(path, node, old)));
    }

    /**
     * Checks an unprivileged caller's node-size and memory quotas for all writes, then makes them:
     * a request that fails a quota changes nothing.
     */
    private void apply(Tree t, Caller c, List<Write> writes) {
        if (!c.privileged()) {
            java.util.Map<Integer, Long> growth = new java.util.HashMap<>();
            for (Write w : writes) {
                int size = w.node().dataSize();
                if (Quota.exceeds(size, quota.nodeSize())) {
                    throw new XsException(XsErrno.ENOSPC, w.path() + ": node of " + size + " bytes exceeds quota node-size " + quota.nodeSize());
                }
                int owner = w.node().perms().owner();
                boolean sameOwner = w.old() != null && w.old().perms().owner() == owner;
                growth.merge(owner, (long) w.node().memorySize(w.path()) - (sameOwner ? w.old().memorySize(w.path()) : 0), Long::sum);
            }
            growth.forEach((owner, delta) -> {
                if (delta > 0 && Quota.exceeds(t.usage(owner).bytes() + delta, quota.memory())) {
                    throw new XsException(XsErrno.ENOMEM, "domain " + owner + " would exceed quota memory " + quota.memory());
                }
            });
        }
        for (Write w : writes) {
            t.put(w.path(), w.node());
        }
    }

    private Node find(Tree t, Caller c, String path, boolean write) {
        Node n = t.get(path);
        if (n == null) {
            throw new XsException(errnoForMissing(t, c, path), path);
        }
        requireAccess(c, n, write, path);
        return n;
    }

    private static void requireAccess(Caller c, Node n, boolean write, String path) {
        Access a = c.accessTo(n.perms());
        if (write ? !a.canWrite() : !a.canRead()) {
            throw new XsException(XsErrno.EACCES, path + ": domain " + c.domid() + " may not " + (write ? "write" : "read") + " it");
        }
    }

    /**
     * ENOENT, unless the caller cannot read the nearest existing ancestor: then EACCES, so a domain
     * learns nothing about what exists where it may not look. The ancestors are looked up even for
     * dom0, as C xenstored does: in a transaction they become part of what it read.
     */
    private static XsErrno errnoForMissing(Tree t, Caller c, String path) {
        String p = path;
        Node n = null;
        while (!p.equals(Paths.ROOT) && n == null) {
            p = Paths.parent(p);
            n = t.get(p);
        }
        return n == null || c.accessTo(n.perms()).canRead() ? XsErrno.ENOENT : XsErrno.EACCES;
    }
}
