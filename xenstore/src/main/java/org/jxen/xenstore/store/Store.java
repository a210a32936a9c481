package org.jxen.xenstore.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed tree: a map from canonical path to node, a generation counter bumped by every
 * change (a transaction compares generations to find conflicts), and per-domain ownership counts
 * for quotas. Owned by one thread, the daemon's core; not thread-safe.
 */
public final class Store implements Tree {
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<Integer, Usage> usage = new HashMap<>();
    private final List<Change> pending = new ArrayList<>();
    private long generation;

    /** A store holding the nodes C xenstored starts with: {@code /}, {@code /tool}, {@code /tool/xenstored}. */
    public Store() {
        put("/", Node.empty(Permissions.DOM0_ONLY).withChild("tool"));
        put("/tool", Node.empty(Permissions.DOM0_ONLY).withChild("xenstored"));
        put("/tool/xenstored", Node.empty(Permissions.DOM0_ONLY));
    }

    @Override
    public Node get(String path) {
        return nodes.get(path);
    }

    @Override
    public void put(String path, Node node) {
        Node stamped = node.withGeneration(++generation);
        account(path, nodes.put(path, stamped), -1);
        account(path, stamped, +1);
    }

    @Override
    public void delete(String path) {
        account(path, nodes.remove(path), -1);
        generation++;
    }

    @Override
    public void changed(Change change) {
        pending.add(change);
    }

    /** The changes recorded since the last call, in order; the caller fires their watches. */
    public List<Change> drainChanges() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Change> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    @Override
    public Usage usage(int domid) {
        return usage.getOrDefault(domid, Usage.NONE);
    }

    /** The generation of the node at {@code path}, or -1 when there is none. */
    long generationOf(String path) {
        Node n = nodes.get(path);
        return n == null ? -1 : n.generation();
    }

    public int size() {
        return nodes.size();
    }

    /** All paths, for whole-tree passes (domain cleanup, consistency checks). */
    public List<String> paths() {
        return new ArrayList<>(nodes.keySet());
    }

    private void account(String path, Node node, int sign) {
        if (node != null) {
            usage.merge(node.perms().owner(), new Usage(sign, (long) sign * node.memorySize(path)),
                    (a, b) -> a.plus(b.nodes(), b.bytes()));
        }
    }
}
