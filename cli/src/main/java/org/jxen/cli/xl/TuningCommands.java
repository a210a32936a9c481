package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;
import org.jxen.config.ConfigException;
import org.jxen.config.DeviceSpecs;

/** A domain's vCPUs and memory: {@code vcpu-list}, {@code vcpu-set}, {@code vcpu-pin}, {@code mem-set}, {@code mem-max}. */
final class TuningCommands {
    /** What strtoul reads of vcpu-set's count: blanks, a plus sign, decimal digits. */
    private TuningCommands() {
    }

    static XlCommand vcpuList() {
        return XlCommand.of("vcpu-list", "[Domain, ...]", "List the VCPUs for all/some domains", 0, Integer.MAX_VALUE,
                TuningCommands::vcpuList);
    }

    static XlCommand vcpuSet() {
        return XlCommand.of("vcpu-set", "[option] <Domain> <vCPUs>", "Set the number of active VCPUs allowed for the domain",
                2, 2, TuningCommands::vcpuSet, flag('i', "ignore-host", "Don't limit the vCPU based on the host CPU count"));
    }

    static XlCommand vcpuPin() {
        return XlCommand.of("vcpu-pin", "[-f|--force] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
                "Set which CPUs a VCPU can use", 3, 4, TuningCommands::vcpuPin,
                flag('f', "force", "Accepted as xl accepts it; jxend keeps no pinning for the domain's next boot"));
    }

    /** {@code mem-set} and {@code mem-max}: a size in xl's syntax for one domain; xl's line after a failure, if it has one. */
    static XlCommand memory(boolean max) {
        String call = max ? "set_domain_max_memory" : "set_domain_memory_target";
        return XlCommand.of(max ? "mem-max" : "mem-set", "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
                max ? "Set the maximum amount reservation for a domain" : "Set the current memory usage for a domain",
                2, 2, (api, args, out, err) -> {
                    long kib = MemorySize.kib(args.positional(1));
                    DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("cannot set domid "
                            + Integer.toUnsignedString(id) + (max ? " static" : " dynamic") + " max memory to : " + args.positional(1)));
                    try {
                        api.onDomain(call, d.domid(), kib);
                    } catch (XenApiFailure e) { // xl's line after libxl's (whose message ends in a blank line for mem-set)
                        throw XlFailure.of(Failures.reason(e) + (max ? "\ncannot set domid " + d.domid() + " static max memory to : "
                                : "\n\ncannot set domid " + d.domid() + " dynamic max memory to : ") + args.positional(1));
                    }
                    return 0;
                });
    }

    private static int vcpuList(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        Domains all = Domains.of(api);
        int cpus = HostFigures.of(api).cpus();
        out.println(Tables.VCPU_HEADER);
        for (DomainRow d : args.positional().isEmpty() ? all.all() : ListCommands.present(all, args.positional())) {
            for (Map<?, ?> v : api.structs("get_domain_vcpus", d.domid())) {
                out.println(Tables.vcpu(d, VcpuRow.of(v), cpus));
            }
        }
        return 0;
    }

    private static int vcpuSet(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        int n = onlineCount(args.positional(1));
        DomainRow d = Domains.find(api, args.positional(0), Domains.silently(1)); // xl: libxl_domain_info failed
        int host = HostFigures.of(api).cpus();
        if (n > host && !args.has('i')) {
            throw XlFailure.of("You are overcommmitting! You have " + host + " physical CPUs and want " + n
                    + " vCPUs! Aborting, use --ignore-host to continue");
        }
        try {
            api.onDomain("set_domain_vcpus", d.domid(), (long) n);
        } catch (XenApiFailure e) {
            throw XlFailure.of(Failures.reason(e) + "\nlibxl_set_vcpuonline failed domid=" + d.domid() + " max_vcpus=" + n
                    + ", rc: -3");
        }
        return 0;
    }

    private static int vcpuPin(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("Could not get domain info"));
        List<Long> vcpus = new ArrayList<>();
        if (args.positional(1).equals("all")) {
            for (long v = 0; v < d.maxVcpus(); v++) {
                vcpus.add(v);
            }
        } else {
            vcpus.add(vcpu(args.positional(1)));
        }
        HostFigures host = HostFigures.of(api);
        List<Long> hard = cpus(args.positional(2), host);
        List<Long> soft = cpus(args.positional(3), host);
        for (long v : vcpus) {
            try {
                api.onDomain("pin_domain_vcpu", d.domid(), v, hard, soft);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nCould not set affinity for vcpu `" + v + "'.");
            }
        }
        return 0;
    }

    /**
     * vcpu-set's count as xl reads it (strtoul): the leading decimal number, what follows ignored
     * ("1x" is 1); none, or above INT_MAX ("-1" is ULONG_MAX), is "Invalid argument" (measured).
     */
    private static int onlineCount(String text) throws XlFailure {
        CNumbers.Scanned n = CNumbers.scan(text, 0, 10);
        if (n == null || Long.compareUnsigned(n.unsignedLong(), Integer.MAX_VALUE) > 0) {
            throw XlFailure.of("Error: Invalid argument.");
        }
        return (int) n.unsignedLong();
    }

    /** vcpu-pin's vCPU as xl reads it (strtol): the leading number, what follows ignored; none, or below 0, is an error. */
    private static long vcpu(String text) throws XlFailure {
        CNumbers.Scanned n = CNumbers.scan(text, 0, 10);
        if (n == null || n.signedLong() < 0) {
            throw XlFailure.of("Error: Invalid argument " + text + " as VCPU.");
        }
        return n.signedLong();
    }

    /**
     * The host's CPUs {@code spec} names (all it names when none exists, for jxend to refuse);
     * none for {@code -} or no spec (that affinity stays as it is).
     */
    private static List<Long> cpus(String spec, HostFigures host) throws XlFailure {
        if (spec == null || spec.equals("-")) {
            return List.of();
        }
        try {
            List<Integer> named = DeviceSpecs.cpus(spec, host.hostCpus(), "vcpu-pin");
            // "all" sets every bit of libxl's byte-rounded bitmap; Xen keeps the CPUs that exist
            List<Integer> existing = named.stream().filter(c -> c < host.cpus()).toList();
            return (existing.isEmpty() ? named : existing).stream().map(Integer::longValue).toList();
        } catch (ConfigException e) {
            throw XlFailure.of("Invalid affinity: " + spec + ": " + e.getMessage());
        }
    }
}
