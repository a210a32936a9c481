package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DeviceSpecs;

/** A domain's vCPUs and memory: {@code vcpu-list}, {@code vcpu-set}, {@code vcpu-pin}, {@code mem-set}, {@code mem-max}. */
public final class TuningCommands {
    private TuningCommands() {
    }

    public static final class VcpuList extends XlCommand {
        public VcpuList() {
            super("vcpu-list", "[Domain, ...]", "List the VCPUs for all/some domains", 0, Integer.MAX_VALUE, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            List<String> domains = args.positional();
            Domains all = Domains.of(api);
            int cpus = HostFigures.of(api).cpus();
            out.println(Tables.VCPU_HEADER);
            for (DomainRow d : domains.isEmpty() ? all.all() : ListCommands.find(all, domains)) {
                for (Map<?, ?> v : api.structs("get_domain_vcpus", d.domid())) {
                    out.println(Tables.vcpu(d, VcpuRow.of(v), cpus));
                }
            }
            return 0;
        }
    }

    public static final class VcpuSet extends XlCommand {
        public VcpuSet() {
            super("vcpu-set", "[option] <Domain> <vCPUs>", "Set the number of active VCPUs allowed for the domain", 2, 2,
                    HELP, flag('i', "ignore-host", "Don't limit the vCPU based on the host CPU count"));
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String domain = args.positional(0);
            String count = args.positional(1);
            boolean ignoreHost = args.has('i');
            if (count.isEmpty() || !count.chars().allMatch(Character::isDigit) || count.length() > 9) {
                throw XlFailure.of("Invalid argument: " + count);
            }
            int n = Integer.parseInt(count);
            DomainRow d = Domains.find(api, domain);
            int host = HostFigures.of(api).cpus();
            if (n > host && !ignoreHost) {
                throw XlFailure.of("You are overcommmitting! You have " + host + " physical CPUs and want " + n
                        + " vCPUs! Aborting, use --ignore-host to continue");
            }
            try {
                api.onDomain("set_domain_vcpus", d.domid(), (long) n);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nlibxl_set_vcpuonline failed domid=" + d.domid() + " rc=-3");
            }
            return 0;
        }
    }

    public static final class VcpuPin extends XlCommand {
        public VcpuPin() {
            super("vcpu-pin", "[-f|--force] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>",
                    "Set which CPUs a VCPU can use", 3, 4, HELP,
                    flag('f', "force", "Accepted as xl accepts it; jxend keeps no pinning for the domain's next boot"));
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String domain = args.positional(0);
            String vcpu = args.positional(1);
            String hard = args.positional(2);
            String soft = args.positional(3);
            DomainRow d = Domains.find(api, domain);
            HostFigures host = HostFigures.of(api);
            List<Long> hardSet = cpus(hard, host);
            List<Long> softSet = cpus(soft, host);
            List<Integer> vcpus = new ArrayList<>();
            if (vcpu.equals("all")) {
                for (int v = 0; v < d.maxVcpus(); v++) {
                    vcpus.add(v);
                }
            } else if (!vcpu.isEmpty() && vcpu.chars().allMatch(Character::isDigit) && vcpu.length() < 10) {
                vcpus.add(Integer.parseInt(vcpu));
            } else {
                throw XlFailure.of("Invalid argument: " + vcpu);
            }
            for (int v : vcpus) {
                try {
                    api.onDomain("pin_domain_vcpu", d.domid(), (long) v, hardSet, softSet);
                } catch (XenApiFailure e) {
                    throw XlFailure.of(Failures.reason(e) + "\nCould not set affinity for vcpu `" + v + "'.");
                }
            }
            return 0;
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

    /** {@code mem-set} and {@code mem-max}: a size in xl's syntax for one domain; xl's line after a failure, if it has one. */
    public static final class Memory extends XlCommand {
        private final String call;
        private final String failed;

        private Memory(String name, String summary, String call, String failed) {
            super(name, "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>", summary, 2, 2, HELP);
            this.call = call;
            this.failed = failed;
        }

        public static Memory set() {
            return new Memory("mem-set", "Set the current memory usage for a domain", "set_domain_memory_target", null);
        }

        public static Memory max() {
            return new Memory("mem-max", "Set the maximum amount reservation for a domain", "set_domain_max_memory",
                    "Unable to set domain maximum memory.");
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            long kib = MemorySize.kib(args.positional(1));
            DomainRow d = Domains.find(api, args.positional(0));
            try {
                api.onDomain(call, d.domid(), kib);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + (failed == null ? "" : "\n" + failed));
            }
            return 0;
        }
    }
}
