package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DeviceSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A domain's vCPUs and memory: {@code vcpu-list}, {@code vcpu-set}, {@code vcpu-pin}, {@code mem-set}, {@code mem-max}. */
public final class TuningCommands {
    private TuningCommands() {
    }

    @Command(name = "vcpu-list", description = "List the VCPUs for all/some domains")
    public static final class VcpuList extends XlCommand {
        @Parameters(arity = "0..*", paramLabel = "Domain")
        List<String> domains = new ArrayList<>();

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
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

    @Command(name = "vcpu-set", description = "Set the number of active VCPUs allowed for the domain")
    public static final class VcpuSet extends XlCommand {
        @Option(names = {"-i", "--ignore-host"}, description = "allow more vCPUs than the host has CPUs")
        boolean ignoreHost;

        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "vCPUs")
        String count;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
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

    @Command(name = "vcpu-pin", description = "Set which CPUs a VCPU can use")
    public static final class VcpuPin extends XlCommand {
        @Option(names = {"-f", "--force"}, description = "(accepted for xl's sake; jxen keeps no persistent pinning)")
        boolean force;

        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "VCPU|all")
        String vcpu;

        @Parameters(index = "2", paramLabel = "Hard affinity|-|all")
        String hard;

        @Parameters(index = "3", arity = "0..1", paramLabel = "Soft affinity|-|all")
        String soft;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
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

    @Command(name = "mem-set", description = "Set the current memory usage for a domain")
    public static final class MemSet extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "MemMB[bBkKmMgGtT]")
        String size;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            long kib = MemorySize.kib(size);
            api.onDomain("set_domain_memory_target", Domains.find(api, domain).domid(), kib);
            return 0;
        }
    }

    @Command(name = "mem-max", description = "Set the maximum amount reservation for a domain")
    public static final class MemMax extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "MemMB[bBkKmMgGtT]")
        String size;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            long kib = MemorySize.kib(size);
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("set_domain_max_memory", d.domid(), kib);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nUnable to set domain maximum memory.");
            }
            return 0;
        }
    }
}
