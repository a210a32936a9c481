package org.jxen.xenstore.server;

import java.util.List;
import java.util.Map;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Domids;
import org.jxen.xenstore.store.Node;
import org.jxen.xenstore.store.Paths;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.store.Store;
import org.jxen.xenstore.store.Usage;

/**
 * CONTROL {@code <command>|[<parameters>|]}: {@code help}, {@code check}, {@code print} and
 * {@code quota}, with C xenstored 4.17's output formats. Unknown commands get EINVAL.
 */
final class ControlCommands {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "nodes", "Nodes per domain",
            "watches", "Watches per domain",
            "transactions", "Transactions per domain",
            "outstanding", "Outstanding requests per domain",
            "transaction-nodes", "Max. number of accessed nodes per transaction",
            "memory", "Total Xenstore memory per domain (error level)",
            "node-size", "Max. size of a node",
            "path-max", "Max. length of a node path",
            "permissions", "Max. number of permissions per node");

    private final XenStoreCore core;

    ControlCommands(XenStoreCore core) {
        this.core = core;
    }

    byte[] run(Session s, byte[] p) {
        List<String> args = Payload.strings(p);
        if (args.isEmpty()) {
            throw new XsException(XsErrno.EINVAL, "CONTROL needs a command; try 'help'");
        }
        List<String> params = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "help" -> Payload.nulTerminated("check\t\nprint\t<string>\nquota\t[set <name> <val>|<domid>]\nhelp\t\n");
            case "check" -> check();
            case "print" -> print(params);
            case "quota" -> quota(params);
            default -> throw new XsException(XsErrno.EINVAL, "unknown CONTROL command '" + args.getFirst() + "'; try 'help'");
        };
    }

    private byte[] print(List<String> params) {
        if (params.size() != 1) {
            throw new XsException(XsErrno.EINVAL, "print takes one string");
        }
        LOG.log(System.Logger.Level.INFO, params.getFirst());
        return Payload.OK;
    }

    private byte[] quota(List<String> params) {
        if (params.isEmpty()) {
            StringBuilder sb = new StringBuilder("Quota settings:\n");
            core.quota().byName().forEach((name, value) ->
                    sb.append(String.format("%-17s: %8d %s%n", name, value, DESCRIPTIONS.get(name))));
            return Payload.nulTerminated(sb.toString());
        }
        if (params.getFirst().equals("set")) {
            if (params.size() != 3) {
                throw new XsException(XsErrno.EINVAL, "quota set takes <name> <value>");
            }
            if (!params.get(2).matches("[0-9]{1,9}")) {
                throw new XsException(XsErrno.EINVAL, "quota set: value must be a number, got '" + params.get(2) + "'");
            }
            try {
                core.setQuota(core.quota().with(params.get(1), Integer.parseInt(params.get(2))));
            } catch (IllegalArgumentException e) {
                throw new XsException(XsErrno.EINVAL, e.getMessage());
            }
            return Payload.OK;
        }
        if (params.size() != 1) {
            throw new XsException(XsErrno.EINVAL, "quota takes nothing, 'set <name> <value>' or a domid");
        }
        int domid = Domids.parseLenient(params.getFirst());
        if (!core.domains().isKnown(domid)) {
            throw new XsException(XsErrno.ENOENT, "domain " + domid + " is not introduced");
        }
        Usage u = core.store().usage(domid);
        int[] counts = core.sessionCounts(domid);
        return Payload.nulTerminated(String.format(
                "Domain %d:%n%-16s: %8d%n%-16s: %8d%n%-16s: %8d%n%-16s: %8d%n%-16s: %8d%n", domid,
                "nodes", u.nodes(), "watches", counts[0], "transactions", counts[1], "outstanding", 0,
                "memory", u.bytes()));
    }

    /** Verifies the tree: every listed child exists and every node is listed by its parent. */
    private byte[] check() {
        Store store = core.store();
        for (String path : store.paths()) {
            Node n = store.get(path);
            for (String child : n.children()) {
                if (store.get(Paths.child(path, child)) == null) {
                    throw new XsException(XsErrno.EIO, "check: " + path + " lists missing child " + child);
                }
            }
            if (!path.equals(Paths.ROOT)
                    && !List.of(store.get(Paths.parent(path)).children()).contains(Paths.basename(path))) {
                throw new XsException(XsErrno.EIO, "check: " + path + " is not listed by its parent");
            }
        }
        return Payload.OK;
    }
}
