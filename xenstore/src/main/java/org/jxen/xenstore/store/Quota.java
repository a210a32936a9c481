package org.jxen.xenstore.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-domain limits, with C xenstored 4.17's defaults. Privileged domains (dom0) are exempt.
 * A limit of 0 disables that check, as in xenstored.
 *
 * @param nodes            nodes a domain may own
 * @param watches          watches per connection
 * @param transactions     open transactions per connection
 * @param outstanding      requests a connection may have in flight before the daemon stops reading it
 * @param transactionNodes distinct nodes one transaction may touch
 * @param memory           bytes of node data a domain may own
 * @param nodeSize         bytes of one node (value, permissions and child names)
 * @param pathMax          bytes of a path below /local/domain/<domid>/ ({@link Paths#lengthCounted}); unlike
 *                         the others it binds dom0 too, and never exceeds {@link Paths#REL_PATH_MAX}
 * @param permissions      entries in one node's permission list
 */
public record Quota(int nodes, int watches, int transactions, int outstanding, int transactionNodes,
                    int memory, int nodeSize, int pathMax, int permissions) {

    public static final Quota DEFAULTS = new Quota(1000, 128, 10, 20, 1024, 2621440, 2048, 2048, 5);

    /** Limits by the names CONTROL {@code quota} and the command line use, in xenstored's order. */
    public Map<String, Integer> byName() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("watches", watches);
        m.put("transactions", transactions);
        m.put("outstanding", outstanding);
        m.put("transaction-nodes", transactionNodes);
        m.put("memory", memory);
        m.put("node-size", nodeSize);
        m.put("path-max", pathMax);
        m.put("permissions", permissions);
        return m;
    }

    /** This quota with one limit changed; throws IllegalArgumentException for an unknown name or negative value. */
    public Quota with(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("quota " + name + ": value must be 0 (no limit) or positive, got " + value);
        }
        return switch (name) {
            case "nodes" -> new Quota(value, watches, transactions, outstanding, transactionNodes, memory, nodeSize, pathMax, permissions);
            case "watches" -> new Quota(nodes, value, transactions, outstanding, transactionNodes, memory, nodeSize, pathMax, permissions);
            case "transactions" -> new Quota(nodes, watches, value, outstanding, transactionNodes, memory, nodeSize, pathMax, permissions);
            case "outstanding" -> new Quota(nodes, watches, transactions, value, transactionNodes, memory, nodeSize, pathMax, permissions);
            case "transaction-nodes" -> new Quota(nodes, watches, transactions, outstanding, value, memory, nodeSize, pathMax, permissions);
            case "memory" -> new Quota(nodes, watches, transactions, outstanding, transactionNodes, value, nodeSize, pathMax, permissions);
            case "node-size" -> new Quota(nodes, watches, transactions, outstanding, transactionNodes, memory, value, pathMax, permissions);
            case "path-max" -> new Quota(nodes, watches, transactions, outstanding, transactionNodes, memory, nodeSize, value, permissions);
            case "permissions" -> new Quota(nodes, watches, transactions, outstanding, transactionNodes, memory, nodeSize, pathMax, value);
            default -> throw new IllegalArgumentException("unknown quota '" + name + "'; known: " + String.join(", ", DEFAULTS.byName().keySet()));
        };
    }

    /** True when {@code used} is beyond {@code limit}; a limit of 0 means none. */
    public static boolean exceeds(long used, int limit) {
        return limit > 0 && used > limit;
    }
}
