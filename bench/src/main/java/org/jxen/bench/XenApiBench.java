package org.jxen.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.api.JsonRpc;
import org.jxen.api.client.XenApiClient;

/**
 * jxend under XenAPI load, measured from outside its process: jxend runs as {@code bin/jxend} on a
 * simulated epyc host; this program fills it with VMs through XenAPI, times the calls clients
 * make most, and leaves the calls-per-second figures to wrk, a load generator that is not jxend's
 * code. See bench/xenapi-bench for the targets.
 */
public final class XenApiBench {
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private final Path root;
    private final Path state;
    private final int port;
    private Process jxend;
    private XenApiClient client;
    private String session;

    private XenApiBench(Path root, Path state, int port) {
        this.root = root;
        this.state = state;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int vms = Integer.parseInt(args[1]);
        int running = Integer.parseInt(args[2]);
        Path state = Files.createTempDirectory("xenapi-bench");
        XenApiBench bench = new XenApiBench(root, state, freePort());
        try {
            bench.run(vms, running);
        } finally {
            bench.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void run(int vms, int running) throws Exception {
        start();
        URI url = URI.create("http://127.0.0.1:" + port);
        client = XenApiClient.http(url, false);
        client.login("root", Files.readString(state.resolve("root-password")).strip());
        session = client.session().orElseThrow();
        List<String> refs = define(vms);
        double startRate = startAll(refs.subList(0, running));
        System.out.printf("machine: %s, %d CPUs; jxend %s%n", System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), "bin/jxend --host sim:epyc");
        System.out.printf("XA-4 Async.VM.start: %d VMs started at %.0f/s%n", running, startRate);
        double[] all = getAllRecords(url, 20);
        System.out.printf("XA-1 VM.get_all_records over JSON-RPC (%d VMs, %d KiB): median %.1f ms, max %.1f ms"
                + " (curl, 20 calls)%n", vms + 4, replyBytes / 1024, all[0], all[1]);
        double[] latency = eventLatency(refs.get(0), 200);
        System.out.printf("XA-2 power state to a waiting event.from: p50 %.2f ms, p99 %.2f ms (200 pause/unpause)%n",
                latency[0], latency[1]);
        String vm = refs.get(0);
        wrk(port, "/jsonrpc", jsonCall(vm), 3); // both warmed before either is measured: they share most of the path
        wrk(port, "/", xmlCall(vm), 3);
        System.out.printf("XA-3 VM.get_power_state, one keep-alive connection (wrk -c1 -t1 -d10s): JSON-RPC %.0f/s,"
                + " XML-RPC %.0f/s%n", wrk(port, "/jsonrpc", jsonCall(vm), 10), wrk(port, "/", xmlCall(vm), 10));
        System.out.printf("     the floor: a bare Jetty answering one fixed reply (JettyFloor), the same way: %.0f/s%n",
                floor(jsonCall(vm)));
        System.out.printf("XA-5 jxend resident memory: %d MiB%s; %s%n", residentMiB(), nativeMemory(), heapAfterGc());
        System.out.printf("jxend's CPU while idle with %d VMs running (the simulated host's guests): %.0f%% of one"
                + " CPU over 5 s%n", running, idleCpuPercent());
    }

    private void start() throws Exception {
        jxend = new ProcessBuilder(root.resolve("bin/jxend").toString(), "--state-dir", state.toString(),
                "--host", "sim:epyc", "--http-port", Integer.toString(port), "--https-port", "off")
                .redirectErrorStream(true).redirectOutput(state.resolve("jxend.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(state.resolve("xapi.sock")) || !Files.exists(state.resolve("root-password"))) {
            if (!jxend.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("jxend did not start: " + Files.readString(state.resolve("jxend.out")));
            }
            Thread.sleep(100);
        }
    }

    /** {@code count} small PV VMs without devices, made with VM.create as clients make them. */
    private List<String> define(int count) throws Exception {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            refs.add((String) client.call("VM.create", Map.ofEntries(Map.entry("name_label", "bench-" + i),
                    Map.entry("memory_static_min", "33554432"), Map.entry("memory_static_max", "33554432"),
                    Map.entry("memory_dynamic_min", "33554432"), Map.entry("memory_dynamic_max", "33554432"),
                    Map.entry("VCPUs_max", "1"), Map.entry("VCPUs_at_startup", "1"),
                    Map.entry("actions_after_shutdown", "destroy"), Map.entry("actions_after_reboot", "restart"),
                    Map.entry("actions_after_crash", "destroy"), Map.entry("PV_kernel", "/boot/vmlinuz"),
                    Map.entry("power_state", "Halted"), Map.entry("domain_type", "pv"))));
        }
        return refs;
    }

    /** Starts {@code vms} with Async.VM.start all at once; completions per second until the last task ends. */
    private double startAll(List<String> vms) throws Exception {
        String token = (String) ((Map<?, ?>) client.call("event.from", List.of("task"), "", 0.0)).get("token");
        long began = System.nanoTime();
        Set<String> pending = new HashSet<>();
        for (String vm : vms) {
            pending.add((String) client.call("Async.VM.start", vm, false, false));
        }
        int failed = 0;
        while (!pending.isEmpty()) {
            Map<?, ?> batch = (Map<?, ?>) client.call("event.from", List.of("task"), token, 30.0);
            token = (String) batch.get("token");
            for (Object e : (List<?>) batch.get("events")) {
                Map<?, ?> event = (Map<?, ?>) e;
                Map<?, ?> task = (Map<?, ?>) event.get("snapshot");
                if (task != null && !"pending".equals(task.get("status")) && pending.remove(event.get("ref"))) {
                    failed += "success".equals(task.get("status")) ? 0 : 1;
                    if (failed == 1 && !"success".equals(task.get("status"))) {
                        System.out.println("a start failed: " + task.get("error_info"));
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (failed > 0) {
            System.out.println(failed + " of " + vms.size() + " starts failed");
        }
        return vms.size() / seconds;
    }

    /**
     * Median and max milliseconds of {@code n} VM.get_all_records calls over JSON-RPC, timed by curl
     * from sending the request to the last byte of the reply (the reply's size is printed too).
     */
    private double[] getAllRecords(URI url, int n) throws Exception {
        String body = new String(JsonRpc.writeRequest(1, "VM.get_all_records", List.of(session)));
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{time_total} %{size_download}",
                    "-H", "Content-Type: application/json", "--data-binary", body, url.resolve("/jsonrpc").toString())
                    .start();
            String[] out = new String(p.getInputStream().readAllBytes()).trim().split(" ");
            p.waitFor();
            ms[i] = Double.parseDouble(out[0]) * 1000;
            replyBytes = Long.parseLong(out[1]);
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[n - 1]};
    }

    private long replyBytes;

    /** From sending VM.pause or VM.unpause to a waiting event.from returning the VM's new power state. */
    private double[] eventLatency(String vm, int n) throws Exception {
        XenApiClient watcher = XenApiClient.http(URI.create("http://127.0.0.1:" + port), false);
        watcher.login("root", Files.readString(state.resolve("root-password")).strip());
        double[] ms = new double[n];
        String token = (String) ((Map<?, ?>) watcher.call("event.from", List.of("vm/" + vm), "", 0.0)).get("token");
        for (int i = 0; i < n; i++) {
            String want = i % 2 == 0 ? "Paused" : "Running";
            String[] box = {token};
            long[] arrived = {0};
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    while (arrived[0] == 0) {
                        Map<?, ?> batch = (Map<?, ?>) watcher.call("event.from", List.of("vm/" + vm), box[0], 5.0);
                        box[0] = (String) batch.get("token");
                        for (Object e : (List<?>) batch.get("events")) {
                            Map<?, ?> snapshot = (Map<?, ?>) ((Map<?, ?>) e).get("snapshot");
                            if (snapshot != null && want.equals(snapshot.get("power_state"))) {
                                arrived[0] = System.nanoTime();
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(20); // the watcher is waiting in event.from
            long sent = System.nanoTime();
            client.call(i % 2 == 0 ? "VM.pause" : "VM.unpause", vm);
            waiter.join();
            token = box[0];
            ms[i] = (arrived[0] - sent) / 1e6;
        }
        watcher.close();
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[(int) Math.ceil(n * 0.99) - 1]};
    }

    private String jsonCall(String vm) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"VM.get_power_state\",\"params\":[\"" + session + "\",\"" + vm
                + "\"]}";
    }

    private String xmlCall(String vm) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>VM.get_power_state</methodName><params><param><value>"
                + session + "</value></param><param><value>" + vm + "</value></param></params></methodCall>";
    }

    /**
     * Requests per second wrk measures for {@code body} posted to {@code path} over one connection for
     * {@code seconds}. The JIT compiles the path while it runs, so the figures that count are taken
     * after both protocols have run a while unmeasured (the first measured would otherwise pay for it).
     */
    private double wrk(int port, String path, String body, int seconds) throws Exception {
        Path script = state.resolve("post.lua");
        String type = path.equals("/jsonrpc") ? "application/json" : "text/xml";
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"" + type + "\"\nwrk.body = '"
                + body + "'\n");
        Process p = new ProcessBuilder("wrk", "-t1", "-c1", "-d" + seconds + "s", "-s", script.toString(),
                "http://127.0.0.1:" + port + path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = WRK_RATE.matcher(out);
        if (!m.find() || out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * The calls a second {@link JettyFloor} serves for {@code body} over one connection, warmed as
     * jxend was: its own process, with jxend's collector, on this machine in this run.
     */
    private double floor(String body) throws Exception {
        int floorPort = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process floor = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx320m", "-cp",
                System.getProperty("java.class.path"), JettyFloor.class.getName(), Integer.toString(floorPort))
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(floor.getInputStream()));
            StringBuilder said = new StringBuilder();
            for (String line = lines.readLine(); !"ready".equals(line); line = lines.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("JettyFloor did not start: " + said);
                }
                said.append(line).append('\n');
            }
            wrk(floorPort, "/jsonrpc", body, 3);
            return wrk(floorPort, "/jsonrpc", body, 10);
        } finally {
            floor.destroy();
            floor.waitFor();
        }
    }

    /**
     * What the JVM has committed, by part, when jxend runs with native memory tracking
     * ({@code JXEND_JAVA_OPTS=-XX:NativeMemoryTracking=summary}); nothing otherwise.
     */
    private String nativeMemory() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jxend.pid()), "VM.native_memory", "summary").start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
        StringBuilder parts = new StringBuilder();
        while (m.find()) {
            long mib = Long.parseLong(m.group(2)) / 1024;
            if (mib > 0) {
                parts.append(parts.isEmpty() ? " (committed: " : ", ").append(m.group(1)).append(' ').append(mib).append(" MiB");
            }
        }
        return parts.isEmpty() ? "" : parts.append(')').toString();
    }

    /** The heap's live size after a full collection, as jcmd reports it. */
    private String heapAfterGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(jxend.pid()), "GC.run").start().waitFor();
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jxend.pid()), "GC.heap_info").start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("(?:DefNew|Tenured)\\s+total (\\d+)K, used (\\d+)K").matcher(out);
        long total = 0;
        long used = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(jxend.pid()), "GC.class_histogram").start();
        List<String> top = new String(histogram.getInputStream().readAllBytes()).lines().skip(1).limit(12).toList();
        histogram.waitFor();
        return String.format("heap %d MiB used of %d MiB after a full GC; the largest classes:%n%s", used / 1024,
                total / 1024, String.join(System.lineSeparator(), top));
    }

    /** jxend's user and system CPU over 5 s with no client calls, from /proc. */
    private double idleCpuPercent() throws Exception {
        long before = cpuTicks();
        Thread.sleep(5000);
        return (cpuTicks() - before) / 5.0; // 100 ticks a second
    }

    private long cpuTicks() throws IOException {
        String[] f = Files.readString(Path.of("/proc/" + jxend.pid() + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + jxend.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (jxend != null) {
            jxend.destroy();
            jxend.waitFor();
        }
    }
}
