package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;

/** The host: {@code info} and {@code dmesg}. */
final class HostCommands {
    private HostCommands() {
    }

    static XlCommand info() {
        return XlCommand.of("info", "", "Get information about Xen host", 0, 0, Info::run);
    }

    static XlCommand dmesg() {
        return XlCommand.of("dmesg", "[-c]", "Read and/or clear dmesg buffer", 0, 0, (api, args, out, err) -> {
            if (args.has('c')) {
                throw XlFailure.of("jxl dmesg -c: jxend does not clear the hypervisor's log; run jxl dmesg");
            }
            for (Object line : (List<?>) api.call("jxen.get_hypervisor_log")) {
                out.println(line);
            }
            return 0;
        }, Args.Opt.flag('c', null, "Clear dmesg buffer as well as printing it (refused: jxend keeps the log)"));
    }

    /** {@code xl info}: the host record's facts and the physinfo's figures under xl's keys. */
    static final class Info {
        private Info() {
        }

        static int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Map<?, ?> hosts = (Map<?, ?>) api.call("host.get_all_records");
            Map<?, ?> host = (Map<?, ?>) hosts.values().iterator().next();
            for (var e : fields(host, HostFigures.of(api)).entrySet()) {
                out.println(Tables.left(e.getKey(), 23) + ": " + e.getValue());
            }
            return 0;
        }

        /**
         * xl's keys in xl's order. The host record has the static facts, the physinfo the live ones;
         * what a simulated host has no value for (the dom0 kernel, the compiler) names jxen.
         */
        static Map<String, Object> fields(Map<?, ?> host, HostFigures p) {
            Map<?, ?> sw = (Map<?, ?>) host.get("software_version");
            Map<?, ?> cpu = (Map<?, ?>) host.get("cpu_info");
            String xen = String.valueOf(sw.get("xen"));
            String[] version = xen.split("[. ]", 3);
            String jxen = String.valueOf(sw.get("product_version"));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("host", host.get("hostname"));
            f.put("release", "jxen-" + jxen);
            f.put("version", "jxend " + jxen + " on a simulated host");
            f.put("machine", "x86_64");
            f.put("nr_cpus", p.cpus());
            f.put("max_cpu_id", p.cpus() - 1);
            f.put("nr_nodes", p.number("nr_nodes"));
            f.put("cores_per_socket", p.number("cores_per_socket"));
            f.put("threads_per_core", p.number("threads_per_core"));
            f.put("cpu_mhz", cpu.containsKey("speed") ? cpu.get("speed") : "0");
            f.put("hw_caps", cpu.containsKey("features") ? cpu.get("features") : "");
            f.put("virt_caps", "pv");
            f.put("total_memory", p.number("total_memory_kb") / 1024);
            f.put("free_memory", p.number("free_memory_kb") / 1024);
            f.put("sharing_freed_memory", 0);
            f.put("sharing_used_memory", 0);
            f.put("outstanding_claims", 0);
            f.put("free_cpus", 0);
            f.put("xen_major", version[0]);
            f.put("xen_minor", version.length > 1 ? version[1] : "0");
            f.put("xen_extra", version.length > 2 ? " " + version[2] : "");
            f.put("xen_version", xen);
            f.put("xen_caps", String.join(" ", ((List<?>) host.get("capabilities")).stream().map(String::valueOf)
                    .toList()) + " ");
            f.put("xen_scheduler", host.get("sched_policy"));
            f.put("xen_pagesize", 4096);
            f.put("platform_params", "virt_start=0xffff800000000000");
            f.put("xen_changeset", "");
            f.put("xen_commandline", "");
            f.put("cc_compiler", "javac " + Runtime.version().feature());
            f.put("cc_compile_by", "jxen");
            f.put("cc_compile_domain", "");
            f.put("cc_compile_date", "");
            f.put("build_id", jxen);
            f.put("xend_config_format", 4);
            return f;
        }
    }
}
