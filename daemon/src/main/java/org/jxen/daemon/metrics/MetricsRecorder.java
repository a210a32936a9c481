package org.jxen.daemon.metrics;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * Takes the host's and each running VM's readings every {@link Rrds#STEP_SECONDS} seconds, as
 * XAPI's rrdd does: vCPU use from the change in each vCPU's CPU time, memory, the memory target,
 * per-CPU use of the host, its total and free memory. The readings go into the {@link Rrds}
 * ({@code /rrd_updates}) and into the VM_metrics and host_metrics records. The simulated host
 * models no network or disk traffic, so each VIF's and VBD's sources read 0.
 */
public final class MetricsRecorder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricsRecorder.class.getName());

    private final ObjectStore store;
    private final Toolstack toolstack;
    private final Rrds rrds;
    private final Clock clock;
    private final String host;
    private final Thread thread;
    /** CPU time of each vCPU at the last sample, by "domid/vcpu". */
    private Map<String, Long> lastCpuNs = new HashMap<>();
    private long lastNanos;

    public MetricsRecorder(ObjectStore store, Toolstack toolstack, Rrds rrds, Clock clock, String host) {
        this.store = store;
        this.toolstack = toolstack;
        this.rrds = rrds;
        this.clock = clock;
        this.host = host;
        this.thread = Thread.ofPlatform().daemon().name("metrics").start(this::run);
    }

    private void run() {
        long step = Rrds.STEP_SECONDS * 1000L;
        while (true) {
            try {
                long now = clock.millis();
                Thread.sleep(step - now % step);
                sample(System.nanoTime(), clock.millis() / 1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | XenApiFailure e) {
                LOG.log(Level.WARNING, "a metrics sample failed; the next one is in " + Rrds.STEP_SECONDS + " s", e);
            }
        }
    }

    /** One sample of everything at {@code nanos} (a monotonic clock) and {@code time} (unix seconds). */
    void sample(long nanos, long time) throws XenApiFailure {
        double elapsed = lastNanos == 0 ? Double.NaN : nanos - lastNanos;
        PhysInfo p = toolstack.host();
        double[] hostCpu = new double[p.cpus()];
        Map<String, Long> cpuNs = new HashMap<>();
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (var e : store.records("VM").entrySet()) {
            Map<String, Object> vm = e.getValue();
            long domid = (Long) vm.get("domid");
            if (domid <= 0 || !List.of("Running", "Paused").contains(vm.get("power_state"))) {
                continue;
            }
            Map<String, Double> sources = new LinkedHashMap<>();
            Map<String, Object> use = new LinkedHashMap<>();
            try {
                Domain d = toolstack.domain((int) domid);
                for (VcpuInfo v : toolstack.vcpus((int) domid)) {
                    String key = domid + "/" + v.vcpu();
                    cpuNs.put(key, v.cpuTimeNs());
                    Long before = lastCpuNs.get(key);
                    double u = before == null ? Double.NaN : Math.clamp((v.cpuTimeNs() - before) / elapsed, 0, 1);
                    sources.put("cpu" + v.vcpu(), u);
                    use.put(Integer.toString(v.vcpu()), Double.isNaN(u) ? 0.0 : u);
                    if (!Double.isNaN(u) && v.cpu() >= 0 && v.cpu() < hostCpu.length) {
                        hostCpu[v.cpu()] += u;
                    }
                }
                sources.put("memory", d.info().memKb() * 1024.0);
                sources.put("memory_target", ((Long) vm.get("memory_target")).doubleValue());
                ioSources(vm, sources);
                store.setReading("VM_metrics", (String) vm.get("metrics"), Map.of("VCPUs_utilisation", use,
                        "memory_actual", d.info().memKb() * 1024, "last_updated", clock.instant()));
            } catch (ToolstackException gone) {
                continue; // the domain went away since the records were read: its VM is halted by now
            }
            values.put("vm:" + vm.get("uuid"), sources);
        }
        Map<String, Double> hostSources = new LinkedHashMap<>();
        for (int c = 0; c < hostCpu.length; c++) {
            hostSources.put("cpu" + c, Double.isNaN(elapsed) ? Double.NaN : Math.min(1, hostCpu[c]));
        }
        hostSources.put("memory_total_kib", (double) p.totalMemKb());
        hostSources.put("memory_free_kib", (double) p.freeMemKb());
        values.put("host:" + store.field("host", host, "uuid"), hostSources);
        store.setReading("host_metrics", (String) store.field("host", host, "metrics"),
                Map.of("memory_free", p.freeMemKb() * 1024, "last_updated", clock.instant()));
        rrds.sample(time, values);
        lastCpuNs = cpuNs;
        lastNanos = nanos;
    }

    /** The VIF and VBD sources XO and xo-lite plot; 0 on a host that models no traffic. */
    private void ioSources(Map<String, Object> vm, Map<String, Double> sources) throws XenApiFailure {
        for (Object vif : (List<?>) vm.get("VIFs")) {
            String device = (String) store.field("VIF", (String) vif, "device");
            sources.put("vif_" + device + "_rx", 0.0);
            sources.put("vif_" + device + "_tx", 0.0);
        }
        for (Object vbd : (List<?>) vm.get("VBDs")) {
            Object device = store.field("VBD", (String) vbd, "device");
            if (device instanceof String dev && !dev.isEmpty()) {
                sources.put("vbd_" + dev + "_read", 0.0);
                sources.put("vbd_" + dev + "_write", 0.0);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5_000);
    }
}
