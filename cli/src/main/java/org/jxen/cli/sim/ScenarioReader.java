package org.jxen.cli.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.SchedParams;
import org.jxen.hv.sim.Topology;
import org.jxen.hv.sim.Workload;

/**
 * Reads a scenario file (JSON; see docs/jxsim.md). Domains come from xl.cfg files (or xl.cfg
 * text inline), read as xl reads them against the scenario's host. Every error names the file
 * and the place: {@code web.json: domains[1].workload: ...}.
 */
public final class ScenarioReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h)");
    private static final Set<String> TOP_KEYS = Set.of("host", "seed", "duration", "rate_limit_us", "domains", "events");
    private static final Set<String> DOMAIN_KEYS = Set.of("config", "xl", "name", "count", "workload", "start");
    private static final Set<String> EVENT_KEYS = Set.of("at", "domain", "do", "value");

    private final String file;
    private final Path dir;

    private ScenarioReader(String file, Path dir) {
        this.file = file;
        this.dir = dir;
    }

    public static Scenario read(Path path) throws ScenarioException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(path + ": cannot read it: " + e.getMessage());
        }
        Path dir = path.toAbsolutePath().getParent();
        return new ScenarioReader(path.toString(), dir).read(text);
    }

    /** Reads scenario text; xl.cfg files it names are looked up in {@code dir}. */
    public static Scenario read(String file, Path dir, String text) throws ScenarioException {
        return new ScenarioReader(file, dir).read(text);
    }

    private Scenario read(String text) throws ScenarioException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage().replaceFirst("\\s*\\((for|at) .*", "")
                    .replaceFirst("\\s*at \\[Source.*", ""));
        }
        if (root == null || !root.isObject()) {
            throw error("", "a scenario is a JSON object with host, duration, domains and events");
        }
        checkKeys(root, "", TOP_KEYS);
        Topology host = host(root.get("host"));
        long seed = root.has("seed") ? integer(root.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE) : 1;
        long duration = duration(required(root, "", "duration"), "duration");
        Integer rateLimit = root.has("rate_limit_us")
                ? (int) integer(root.get("rate_limit_us"), "rate_limit_us", 0, 500_000) : null;
        Map<String, List<String>> groups = new TreeMap<>();
        List<Scenario.Domain> domains = domains(array(required(root, "", "domains"), "domains"), host, groups);
        List<Scenario.TimedEvent> events = new ArrayList<>();
        JsonNode eventList = root.get("events");
        if (eventList != null) {
            JsonNode list = array(eventList, "events");
            for (int i = 0; i < list.size(); i++) {
                events.addAll(event(list.get(i), "events[" + i + "]", groups, duration));
            }
        }
        return new Scenario(host, seed, duration, rateLimit, domains, events);
    }

    private Topology host(JsonNode node) throws ScenarioException {
        if (node == null) {
            return Topology.laptop();
        }
        if (node.isTextual()) {
            try {
                return Topology.preset(node.asText());
            } catch (IllegalArgumentException e) {
                throw error("host", e.getMessage());
            }
        }
        if (!node.isObject()) {
            throw error("host", "a preset name (laptop, server, epyc) or an object with sockets, cores_per_socket, "
                    + "threads_per_core, nodes_per_socket and memory_gib");
        }
        checkKeys(node, "host", Set.of("sockets", "cores_per_socket", "threads_per_core", "nodes_per_socket", "memory_gib"));
        int sockets = (int) integer(required(node, "host", "sockets"), "host.sockets", 1, 64);
        int cores = (int) integer(required(node, "host", "cores_per_socket"), "host.cores_per_socket", 1, 256);
        int threads = node.has("threads_per_core") ? (int) integer(node.get("threads_per_core"), "host.threads_per_core", 1, 8) : 1;
        int nodes = node.has("nodes_per_socket") ? (int) integer(node.get("nodes_per_socket"), "host.nodes_per_socket", 1, 16) : 1;
        long mem = integer(required(node, "host", "memory_gib"), "host.memory_gib", 1, 1 << 20);
        if (cores * threads % nodes != 0) {
            throw error("host", nodes + " nodes per socket cannot share " + cores * threads + " CPUs evenly");
        }
        return Topology.of("custom", sockets, cores, threads, nodes, mem);
    }

    private List<Scenario.Domain> domains(JsonNode list, Topology host, Map<String, List<String>> groups)
            throws ScenarioException {
        List<Scenario.Domain> domains = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "domains[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw error(where, "a domain is an object with config (or xl) and workload");
            }
            checkKeys(node, where, DOMAIN_KEYS);
            DomainConfig config = xlConfig(node, where, host);
            String name = node.has("name") ? text(node.get("name"), where + ".name") : config.cInfo().name();
            int count = node.has("count") ? (int) integer(node.get("count"), where + ".count", 1, 32_000) : 1;
            Workload workload = node.has("workload") ? workload(node.get("workload"), where + ".workload")
                    : Workload.Idle.DEFAULT;
            Long start = !node.has("start") ? Long.valueOf(0) : node.get("start").isNull() ? null
                    : duration(node.get("start"), where + ".start");
            List<String> members = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                String member = count == 1 ? name : name + "-" + k;
                if (!names.add(member)) {
                    throw error(where + ".name", "a second domain named \"" + member + "\"; names must be unique");
                }
                members.add(member);
                domains.add(domain(config, member, workload, start, host, where));
            }
            groups.put(name, members);
        }
        return domains;
    }

    private DomainConfig xlConfig(JsonNode node, String where, Topology host) throws ScenarioException {
        String cfgName;
        String cfgText;
        if (node.has("config") == node.has("xl")) {
            throw error(where, "give the domain's xl.cfg as config (a file) or as xl (its text), one of the two");
        }
        if (node.has("config")) {
            cfgName = text(node.get("config"), where + ".config");
            try {
                cfgText = Files.readString(dir.resolve(cfgName), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw error(where + ".config", "cannot read " + dir.resolve(cfgName) + ": " + e.getMessage());
            }
        } else {
            JsonNode xl = node.get("xl");
            cfgName = file + " " + where + ".xl";
            if (xl.isArray()) {
                List<String> lines = new ArrayList<>();
                for (JsonNode line : xl) {
                    lines.add(text(line, where + ".xl"));
                }
                cfgText = String.join("\n", lines) + "\n";
            } else {
                cfgText = text(xl, where + ".xl") + "\n";
            }
        }
        try {
            XlConfig parsed = XlConfigParser.parse(cfgName, cfgText);
            return XlDomainReader.read(parsed, java.util.UUID::randomUUID, hostCpus(host)).config();
        } catch (ConfigException e) {
            // the message starts with the config's name and position; an inline one's name is already the place here
            throw new ScenarioException(node.has("config") ? file + ": " + where + ".config: " + e.getMessage()
                    : e.getMessage());
        }
    }

    private static HostCpus hostCpus(Topology host) {
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        for (int n = 0; n < host.nodes().size(); n++) {
            nodes.put(n, host.nodes().get(n).cpus());
        }
        return new HostCpus(host.cpus(), nodes);
    }

    private Scenario.Domain domain(DomainConfig config, String name, Workload workload, Long start, Topology host,
                                   String where) throws ScenarioException {
        DomainConfig.BuildInfo b = config.bInfo();
        Long target = b.targetMemkb();
        Long max = b.maxMemkb();
        if (target == null || max == null) {
            throw error(where, "its xl.cfg sets no memory; add memory=MiB");
        }
        int maxVcpus = b.maxVcpus() == null ? 1 : b.maxVcpus();
        int online = b.availVcpus() == null || b.availVcpus().isEmpty() ? maxVcpus : b.availVcpus().size();
        List<Set<Integer>> hard = affinity(b.vcpuHardAffinity(), maxVcpus, host);
        List<Set<Integer>> soft = affinity(b.vcpuSoftAffinity(), maxVcpus, host);
        Set<Integer> nodes = new TreeSet<>();
        for (Set<Integer> cpus : hard) {
            for (int cpu : cpus) {
                nodes.add(host.nodeOf(cpu));
            }
        }
        if (nodes.size() == host.nodes().size()) {
            nodes.clear(); // every node: memory may come from anywhere
        }
        DomainType type = switch (config.cInfo().type()) {
            case PV -> DomainType.PV;
            case PVH -> DomainType.PVH;
            case HVM -> DomainType.HVM;
        };
        DomainConfig.SchedParams sched = b.schedParams();
        int weight = sched == null || sched.weight() == null ? SchedParams.Credit2.DEFAULT_WEIGHT : sched.weight();
        int cap = sched == null || sched.cap() == null ? 0 : sched.cap();
        int eventChannels = b.eventChannels() == null || b.eventChannels() == 0 // libxl's default
                ? CreateSpec.DEFAULT_MAX_EVENT_CHANNELS : b.eventChannels();
        if (eventChannels < 1 || eventChannels > CreateSpec.FIFO_MAX_EVENT_CHANNELS) {
            throw error(where, "max_event_channels=" + eventChannels + " is out of range; use 1 to "
                    + CreateSpec.FIFO_MAX_EVENT_CHANNELS + " (the FIFO event channel ABI's limit)");
        }
        // the handle is the name's: the same scenario gives the same run
        UUID handle = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        CreateSpec create = CreateSpec.of(type, handle, maxVcpus).withMaxEventChannels(eventChannels);
        return new Scenario.Domain(name, create, target, max, nodes, online,
                hard, soft, weight, cap, workload, start);
    }

    /** Per-vCPU CPU sets from xl (one per vCPU, or one for all, or none), clipped to the host's CPUs. */
    private static List<Set<Integer>> affinity(List<List<Integer>> sets, int vcpus, Topology host) {
        List<Set<Integer>> out = new ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            List<Integer> cpus = sets == null || sets.isEmpty() ? List.of() : sets.get(Math.min(v, sets.size() - 1));
            Set<Integer> clipped = new TreeSet<>();
            cpus.stream().filter(c -> c < host.cpus()).forEach(clipped::add);
            out.add(clipped);
        }
        return out;
    }

    Workload workload(JsonNode node, String where) throws ScenarioException {
        if (node.isTextual()) {
            return switch (node.asText()) {
                case "cpu-bound" -> new Workload.CpuBound();
                case "idle" -> Workload.Idle.DEFAULT;
                default -> throw error(where, "no workload \"" + node.asText() + "\" (cpu-bound, idle, or an object: "
                        + "idle, periodic, trace)");
            };
        }
        if (!node.isObject() || node.size() != 1) {
            throw error(where, "a workload is \"cpu-bound\", \"idle\", or an object with one of idle, periodic, trace");
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        String at = where + "." + kind;
        try {
            return switch (kind) {
                case "idle" -> {
                    checkKeys(args, at, Set.of("period", "work"));
                    yield new Workload.Idle(duration(required(args, at, "period"), at + ".period"),
                            duration(required(args, at, "work"), at + ".work"));
                }
                case "periodic" -> {
                    checkKeys(args, at, Set.of("period", "duty"));
                    yield new Workload.Periodic(duration(required(args, at, "period"), at + ".period"),
                            (int) integer(required(args, at, "duty"), at + ".duty", 0, 100));
                }
                case "trace" -> trace(args, at);
                default -> throw error(where, "no workload \"" + kind + "\" (idle, periodic, trace)");
            };
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    /** A trace: busy percent per interval, inline or from a file of one number per line ({@code #} comments). */
    private Workload trace(JsonNode args, String at) throws ScenarioException {
        checkKeys(args, at, Set.of("interval", "busy_percent", "file"));
        long interval = duration(required(args, at, "interval"), at + ".interval");
        List<Integer> samples = new ArrayList<>();
        if (args.has("busy_percent") == args.has("file")) {
            throw error(at, "give the samples as busy_percent (a list) or file (one per line), one of the two");
        }
        if (args.has("file")) {
            Path path = dir.resolve(text(args.get("file"), at + ".file"));
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw error(at + ".file", "cannot read " + path + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceFirst("#.*", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    samples.add(Integer.parseInt(line));
                } catch (NumberFormatException e) {
                    throw new ScenarioException(path + ":" + (i + 1) + ": expected a busy percent (0-100), found \""
                            + line + "\"");
                }
            }
        } else {
            JsonNode list = array(args.get("busy_percent"), at + ".busy_percent");
            for (int i = 0; i < list.size(); i++) {
                samples.add((int) integer(list.get(i), at + ".busy_percent[" + i + "]", 0, 100));
            }
        }
        return new Workload.Trace(interval, samples);
    }

    private List<Scenario.TimedEvent> event(JsonNode node, String where, Map<String, List<String>> groups,
                                            long durationNs) throws ScenarioException {
        if (!node.isObject()) {
            throw error(where, "an event is an object with at, domain and do");
        }
        checkKeys(node, where, EVENT_KEYS);
        long at = duration(required(node, where, "at"), where + ".at");
        if (at > durationNs) {
            throw error(where + ".at", "it is after the end of the scenario (duration " + durationNs / 1e9 + " s)");
        }
        String name = text(required(node, where, "domain"), where + ".domain");
        String what = text(required(node, where, "do"), where + ".do");
        JsonNode value = node.get("value");
        String valueAt = where + ".value";
        Scenario.Action action = switch (what) {
            case "start" -> new Scenario.Action.Start();
            case "stop" -> new Scenario.Action.Stop();
            case "destroy" -> new Scenario.Action.Destroy();
            case "pause" -> new Scenario.Action.Pause();
            case "unpause" -> new Scenario.Action.Unpause();
            case "crash" -> new Scenario.Action.Crash();
            case "weight" -> new Scenario.Action.SetWeight((int) integer(required(node, where, "value"), valueAt, 1, 65535));
            case "cap" -> new Scenario.Action.SetCap((int) integer(required(node, where, "value"), valueAt, 0, 25_600));
            case "workload" -> new Scenario.Action.SetWorkload(workload(required(node, where, "value"), valueAt));
            case "mem-set" -> new Scenario.Action.SetMemory(
                    integer(required(node, where, "value"), valueAt, 0, Long.MAX_VALUE / 1024) * 1024);
            case "vcpu-set" -> new Scenario.Action.SetVcpus((int) integer(required(node, where, "value"), valueAt, 1, 4096));
            default -> throw error(where + ".do", "no action \"" + what + "\" (start, stop, destroy, pause, unpause, "
                    + "crash, weight, cap, workload, mem-set, vcpu-set)");
        };
        if (value != null && (action instanceof Scenario.Action.Start || action instanceof Scenario.Action.Stop
                || action instanceof Scenario.Action.Destroy || action instanceof Scenario.Action.Pause
                || action instanceof Scenario.Action.Unpause || action instanceof Scenario.Action.Crash)) {
            throw error(valueAt, "\"" + what + "\" takes no value");
        }
        List<String> targets = groups.getOrDefault(name, groups.values().stream().flatMap(List::stream)
                .filter(name::equals).toList());
        if (targets.isEmpty()) {
            throw error(where + ".domain", "no domain \"" + name + "\" in the scenario (domains: "
                    + String.join(", ", groups.keySet()) + ")");
        }
        return targets.stream().map(t -> new Scenario.TimedEvent(at, t, action)).toList();
    }

    /** A duration: a number of seconds, or a string such as "250ms", "1.5s", "2h" (ns, us, ms, s, m, h). */
    long duration(JsonNode node, String where) throws ScenarioException {
        if (node.isNumber() && node.asDouble() >= 0) {
            return Math.round(node.asDouble() * 1e9);
        }
        Matcher m = node.isTextual() ? DURATION.matcher(node.asText().strip()) : null;
        if (m == null || !m.matches()) {
            throw error(where, "expected a duration such as \"250ms\", \"10s\" or \"1h\" (ns, us, ms, s, m, h), found "
                    + node);
        }
        double scale = switch (m.group(2)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Math.round(Double.parseDouble(m.group(1)) * scale);
    }

    private long integer(JsonNode node, String where, long min, long max) throws ScenarioException {
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw error(where, "expected a whole number from " + min + " to " + max + ", found " + node);
        }
        return node.asLong();
    }

    private String text(JsonNode node, String where) throws ScenarioException {
        if (!node.isTextual()) {
            throw error(where, "expected a string, found " + node);
        }
        return node.asText();
    }

    private JsonNode array(JsonNode node, String where) throws ScenarioException {
        if (!node.isArray()) {
            throw error(where, "expected a list, found " + node);
        }
        return node;
    }

    private JsonNode required(JsonNode node, String where, String key) throws ScenarioException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw error(where.isEmpty() ? key : where + "." + key, "missing");
        }
        return value;
    }

    private void checkKeys(JsonNode node, String where, Set<String> known) throws ScenarioException {
        if (!node.isObject()) {
            throw error(where, "expected an object, found " + node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(where.isEmpty() ? key : where + "." + key, "unknown key (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private ScenarioException error(String where, String message) {
        return new ScenarioException(file + ": " + (where.isEmpty() ? "" : where + ": ") + message);
    }
}
