package org.jxen.xenstore.store;

import java.util.HashMap;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction's view of the store: reads see the store plus the transaction's own writes;
 * writes stay here until commit. Every node the transaction reads or writes is recorded with the
 * generation it had; commit fails with EAGAIN only if one of those nodes changed meanwhile, so
 * unrelated writes by others never abort it (C xenstored 4.17's rule).
 */
public final class Transaction implements Tree {
    private static final long ABSENT = -1;

    /** One node the transaction touched, in first-access order (the order commit fires watches). */
    private static final class Access {
        final long observedGeneration;
        Node node;
        boolean written;
        Change change;

        Access(long observedGeneration, Node node) {
            this.observedGeneration = observedGeneration;
            this.node = node;
        }
    }

    private final int id;
    private final Store store;
    private final int nodeLimit;
    private final Map<String, Access> accessed = new LinkedHashMap<>();
    private final Map<Integer, Usage> usageDelta = new HashMap<>();

    /**
     * @param nodeLimit how many distinct nodes the transaction may touch before ENOSPC; 0 for no limit
     */
    public Transaction(int id, Store store, int nodeLimit) {
        this.id = id;
        this.store = store;
        this.nodeLimit = nodeLimit;
    }

    public int id() {
        return id;
    }

    @Override
    public Node get(String path) {
        return access(path).node;
    }

    @Override
    public void put(String path, Node node) {
        Access a = access(path);
        account(path, a.node, -1);
        account(path, node, +1);
        a.node = node;
        a.written = true;
    }

    @Override
    public void delete(String path) {
        Access a = access(path);
        account(path, a.node, -1);
        a.node = null;
        a.written = true;
    }

    /**
     * Records a change for commit, one per node: a node changed in itself once (written, or
     * removed itself) fires watches on its ancestors too, even if an ancestor's removal later in
     * the transaction removed it again (C xenstored 4.17, measured by RandomDifferentialTest).
     */
    @Override
    public void changed(Change change) {
        Access a = access(change.path());
        boolean exact = change.exact() && (a.change == null || a.change.exact());
        a.change = new Change(change.path(), exact, change.perms());
    }

    @Override
    public Usage usage(int domid) {
        Usage d = usageDelta.getOrDefault(domid, Usage.NONE);
        return store.usage(domid).plus(d.nodes(), d.bytes());
    }

    /** True when nothing the transaction touched has changed in the store since. */
    public boolean canCommit() {
        for (Map.Entry<String, Access> e : accessed.entrySet()) {
            if (store.generationOf(e.getKey()) != e.getValue().observedGeneration) {
                return false;
            }
        }
        return true;
    }

    /** Applies the writes to the store and queues their watch events there. Call only if {@link #canCommit()}. */
    public void commit() {
        for (Map.Entry<String, Access> e : accessed.entrySet()) {
            Access a = e.getValue();
            if (a.written) {
                if (a.node == null) {
                    store.delete(e.getKey());
                } else {
                    store.put(e.getKey(), a.node);
                }
            }
        }
        for (Access a : accessed.values()) {
            // A node the transaction created and removed again was never visible: no event.
            boolean neverVisible = a.observedGeneration == ABSENT && a.node == null;
            if (a.change != null && !neverVisible) {
                store.changed(a.change);
            }
        }
    }

    private Access access(String path) {
        Access a = accessed.get(path);
        if (a == null) {
            if (nodeLimit > 0 && accessed.size() >= nodeLimit) {
                throw new XsException(XsErrno.ENOSPC,
                        "transaction " + id + " touches more than " + nodeLimit + " nodes (quota transaction-nodes)");
            }
            Node n = store.get(path);
            a = new Access(n == null ? ABSENT : n.generation(), n);
            accessed.put(path, a);
        }
        return a;
    }

    private void account(String path, Node node, int sign) {
        if (node != null) {
            usageDelta.merge(node.perms().owner(), new Usage(sign, (long) sign * node.memorySize(path)),
                    (x, y) -> x.plus(y.nodes(), y.bytes()));
        }
    }
}
