package org.jxen.xenstore.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The committed tree: a map from canonical path to node, a generation counter bumped by every
 * change (a transaction compares generations to find conflicts), and per-domain ownership counts
 * for quotas. Owned by one thread, the daemon's core; not thread-safe.
 */
public final class Store implements Tree {
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<Integer, Usage> usage = new HashMap<>();
    /**
     * For each domain but dom0, the paths whose permissions name it (as owner or in an entry): a
     * domain's release touches only those, where a walk of every node costs a whole large store.
     */
    private final Map<Integer, Set<String>> naming = new HashMap<>();
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
        Node old = nodes.put(path, stamped);
        account(path, old, -1);
        account(path, stamped, +1);
        if (old == null || old.perms() != stamped.perms()) {
            index(path, old, false);
            index(path, stamped, true);
        }
    }

    @Override
    public void delete(String path) {
        Node old = nodes.remove(path);
        account(path, old, -1);
        index(path, old, false);
        generation++;
    }

    private void index(String path, Node node, boolean add) {
        if (node == null) {
            return;
        }
        Permissions p = node.perms();
        for (int i = 0; i < p.size(); i++) {
            int domid = p.domid(i);
            if (domid == 0) {
                continue;
            }
            if (add) {
                naming.computeIfAbsent(domid, d -> new HashSet<>()).add(path);
            } else {
                Set<String> paths = naming.get(domid);
                if (paths != null && paths.remove(path) && paths.isEmpty()) {
                    naming.remove(domid);
                }
            }
        }
    }

    /** The paths whose permissions name {@code domid} (not 0), as owner or in an entry. */
    public List<String> pathsNaming(int domid) {
        Set<String> paths = naming.get(domid);
        return paths == null ? List.of() : new ArrayList<>(paths);
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
