package org.jxen.cli.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.cli.json.JsonInput;
import org.jxen.cli.json.JsonInputException;
import org.jxen.cli.json.JsonValue;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.sim.Topology;
import org.jxen.hv.sim.Workload;

/**
 * Reads a scenario file (JSON; see docs/jxsim.md). Domains come from xl.cfg files (or xl.cfg
 * text inline), read as xl reads them against the scenario's host. Every error names the file,
 * the line and column, and the path: {@code web.json:7:19: domains[1].workload: ...}.
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
        try {
            return read(JsonInput.read(file, text));
        } catch (JsonInputException e) {
            throw new ScenarioException(e.getMessage());
        }
    }

    private Scenario read(JsonValue root) throws JsonInputException {
        if (!root.node().isObject()) {
            throw root.error("a scenario is a JSON object with host, duration, domains and events");
        }
        root.object(TOP_KEYS);
        Topology host = host(root.get("host"));
        long seed = root.has("seed") ? root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE) : 1;
        long duration = duration(root.required("duration"));
        Integer rateLimit = root.has("rate_limit_us") ? (int) root.get("rate_limit_us").integer(0, 500_000) : null;
        Map<String, List<String>> groups = new TreeMap<>();
        List<Scenario.Domain> domains = domains(root.required("domains").list(), host, groups);
        List<Scenario.TimedEvent> events = new ArrayList<>();
        if (root.has("events")) {
            for (JsonValue event : root.get("events").list()) {
                events.addAll(event(event, groups, duration));
            }
        }
        return new Scenario(host, seed, duration, rateLimit, domains, events);
    }

    private Topology host(JsonValue node) throws JsonInputException {
        if (node == null) {
            return Topology.laptop();
        }
        if (node.node().isTextual()) {
            try {
                return Topology.preset(node.text());
            } catch (IllegalArgumentException e) {
                throw node.error(e.getMessage());
            }
        }
        if (!node.node().isObject()) {
            throw node.error("a preset name (laptop, server, epyc) or an object with sockets, cores_per_socket, "
                    + "threads_per_core, nodes_per_socket and memory_gib");
        }
        node.object(Set.of("sockets", "cores_per_socket", "threads_per_core", "nodes_per_socket", "memory_gib"));
        int sockets = (int) node.required("sockets").integer(1, 64);
        int cores = (int) node.required("cores_per_socket").integer(1, 256);
        int threads = node.has("threads_per_core") ? (int) node.get("threads_per_core").integer(1, 8) : 1;
        int nodes = node.has("nodes_per_socket") ? (int) node.get("nodes_per_socket").integer(1, 16) : 1;
        long mem = node.required("memory_gib").integer(1, 1 << 20);
        if (cores * threads % nodes != 0) {
            throw node.error(nodes + " nodes per socket cannot share " + cores * threads + " CPUs evenly");
        }
        return Topology.of("custom", sockets, cores, threads, nodes, mem);
    }

    private List<Scenario.Domain> domains(List<JsonValue> list, Topology host, Map<String, List<String>> groups)
            throws JsonInputException {
        List<Scenario.Domain> domains = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonValue node : list) {
            if (!node.node().isObject()) {
                throw node.error("a domain is an object with config (or xl) and workload");
            }
            node.object(DOMAIN_KEYS);
            XlRead config = xlConfig(node, host);
            String name = node.has("name") ? node.get("name").text() : config.config().cInfo().name();
            if (name == null || name.isEmpty()) {
                throw node.error("the domain has no name: set name= in its xl.cfg, or \"name\" here");
            }
            int count = node.has("count") ? (int) node.get("count").integer(1, 32_000) : 1;
            Workload workload = node.has("workload") ? workload(node.get("workload")) : Workload.Idle.DEFAULT;
            Long start = !node.has("start") ? Long.valueOf(0) : node.get("start").node().isNull() ? null
                    : duration(node.get("start"));
            List<String> members = new ArrayList<>();
            for (int k = 1; k <= count; k++) {
                String member = count == 1 ? name : name + "-" + k;
                if (!names.add(member)) {
                    throw (node.has("name") ? node.get("name") : node).error("a second domain named \"" + member
                            + "\"; names must be unique");
                }
                members.add(member);
                domains.add(domain(config, member, count, workload, start, node));
            }
            groups.put(name, members);
        }
        return domains;
    }

    /** An xl.cfg as xl read it, and whether it set its own {@code uuid}. */
    private record XlRead(DomainConfig config, boolean uuidGiven) {
    }

    private XlRead xlConfig(JsonValue node, Topology host) throws JsonInputException {
        String cfgName;
        String cfgText;
        if (node.has("config") == node.has("xl")) {
            throw node.error("give the domain's xl.cfg as config (a file) or as xl (its text), one of the two");
        }
        JsonValue config = node.get("config");
        if (config != null) {
            cfgName = config.text();
            try {
                cfgText = Files.readString(dir.resolve(cfgName), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw config.error("cannot read " + dir.resolve(cfgName) + ": " + e.getMessage());
            }
        } else {
            JsonValue xl = node.get("xl");
            cfgName = file + " " + xl.path();
            if (xl.node().isArray()) {
                List<String> lines = new ArrayList<>();
                for (JsonValue line : xl.list()) {
                    lines.add(line.text());
                }
                cfgText = String.join("\n", lines) + "\n";
            } else {
                cfgText = xl.text() + "\n";
            }
        }
        try {
            XlConfig parsed = XlConfigParser.parse(cfgName, cfgText);
            // xl's random UUIDs (the domain's when uuid= is not set, an HVM guest's generation ID)
            // are made from the config's place and a count instead: the same scenario, the same run
            List<UUID> made = new ArrayList<>();
            Supplier<UUID> uuids = () -> {
                UUID u = UUID.nameUUIDFromBytes((cfgName + "#" + made.size()).getBytes(StandardCharsets.UTF_8));
                made.add(u);
                return u;
            };
            DomainConfig read = XlDomainReader.read(parsed, uuids, hostCpus(host)).config();
            // a nil uuid= is libxl's "none" (read as null): the domain gets one as if uuid= were not set
            String uuid = read.cInfo().uuid();
            return new XlRead(read, uuid != null && made.stream().noneMatch(u -> u.toString().equals(uuid)));
        } catch (ConfigException e) {
            // the message starts with the config's name and position; an inline one's name is already the place here
            throw config != null ? config.error(e.getMessage()) : new JsonInputException(e.getMessage());
        }
    }

    private static HostCpus hostCpus(Topology host) {
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        for (int n = 0; n < host.nodes().size(); n++) {
            nodes.put(n, host.nodes().get(n).cpus());
        }
        return new HostCpus(host.cpus(), nodes);
    }

    /**
     * The domain {@code name} of a group read from one xl.cfg: the config as xl read it, with the
     * scenario's name, and a UUID of its own (the config's, or one made from the name, so that the
     * same scenario gives the same run). Everything else is the toolstack's: libxl's defaults,
     * placement and memory rules apply when it is created.
     */
    private Scenario.Domain domain(XlRead read, String name, int count, Workload workload, Long start, JsonValue where)
            throws JsonInputException {
        DomainConfig config = read.config();
        Integer eventChannels = config.bInfo().eventChannels();
        if (eventChannels != null && eventChannels != 0 // 0: libxl's default
                && (eventChannels < 1 || eventChannels > CreateSpec.FIFO_MAX_EVENT_CHANNELS)) {
            throw where.error("max_event_channels=" + eventChannels + " is out of range; use 1 to "
                    + CreateSpec.FIFO_MAX_EVENT_CHANNELS + " (the FIFO event channel ABI's limit)");
        }
        String uuid;
        if (read.uuidGiven()) {
            if (count > 1) {
                throw where.error("its xl.cfg sets uuid=, which would give all " + count + " domains the same UUID; "
                        + "drop uuid= (each then gets one made from its name) or use count 1");
            }
            uuid = config.cInfo().uuid();
        } else {
            uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        }
        DomainConfig.CreateInfo c = config.cInfo();
        DomainConfig mine = config.withCreateInfo(config.cInfo().named(name, uuid));
        return new Scenario.Domain(name, mine, workload, start);
    }

    private Workload workload(JsonValue node) throws JsonInputException {
        if (node.node().isTextual()) {
            return switch (node.text()) {
                case "cpu-bound" -> new Workload.CpuBound();
                case "idle" -> Workload.Idle.DEFAULT;
                default -> throw node.error("no workload \"" + node.text() + "\" (cpu-bound, idle, or an object: "
                        + "idle, periodic, trace)");
            };
        }
        if (!node.node().isObject() || node.node().size() != 1) {
            throw node.error("a workload is \"cpu-bound\", \"idle\", or an object with one of idle, periodic, trace");
        }
        String kind = node.node().fieldNames().next();
        JsonValue args = node.get(kind);
        try {
            return switch (kind) {
                case "idle" -> {
                    args.object(Set.of("period", "work"));
                    yield new Workload.Idle(duration(args.required("period")), duration(args.required("work")));
                }
                case "periodic" -> {
                    args.object(Set.of("period", "duty"));
                    yield new Workload.Periodic(duration(args.required("period")),
                            (int) args.required("duty").integer(0, 100));
                }
                case "trace" -> trace(args);
                default -> throw node.error("no workload \"" + kind + "\" (idle, periodic, trace)");
            };
        } catch (IllegalArgumentException e) {
            throw args.error(e.getMessage());
        }
    }

    /** A trace: busy percent per interval, inline or from a file of one number per line ({@code #} comments). */
    private Workload trace(JsonValue args) throws JsonInputException {
        args.object(Set.of("interval", "busy_percent", "file"));
        long interval = duration(args.required("interval"));
        List<Integer> samples = new ArrayList<>();
        if (args.has("busy_percent") == args.has("file")) {
            throw args.error("give the samples as busy_percent (a list) or file (one per line), one of the two");
        }
        if (args.has("file")) {
            JsonValue file = args.get("file");
            Path path = dir.resolve(file.text());
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw file.error("cannot read " + path + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceFirst("#.*", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    samples.add(Integer.parseInt(line));
                } catch (NumberFormatException e) {
                    throw new JsonInputException(path + ":" + (i + 1) + ": expected a busy percent (0-100), found \""
                            + line + "\"");
                }
            }
        } else {
            for (JsonValue sample : args.get("busy_percent").list()) {
                samples.add((int) sample.integer(0, 100));
            }
        }
        return new Workload.Trace(interval, samples);
    }

    private List<Scenario.TimedEvent> event(JsonValue node, Map<String, List<String>> groups, long durationNs)
            throws JsonInputException {
        if (!node.node().isObject()) {
            throw node.error("an event is an object with at, domain and do");
        }
        node.object(EVENT_KEYS);
        long at = duration(node.required("at"));
        if (at > durationNs) {
            throw node.get("at").error("it is after the end of the scenario (duration " + durationNs / 1e9 + " s)");
        }
        String name = node.required("domain").text();
        String what = node.required("do").text();
        Scenario.Action action = switch (what) {
            case "start" -> new Scenario.Action.Start();
            case "stop" -> new Scenario.Action.Stop();
            case "destroy" -> new Scenario.Action.Destroy();
            case "pause" -> new Scenario.Action.Pause();
            case "unpause" -> new Scenario.Action.Unpause();
            case "crash" -> new Scenario.Action.Crash();
            case "weight" -> new Scenario.Action.SetWeight((int) node.required("value").integer(1, 65535));
            case "cap" -> new Scenario.Action.SetCap((int) node.required("value").integer(0, 25_600));
            case "workload" -> new Scenario.Action.SetWorkload(workload(node.required("value")));
            case "mem-set" -> new Scenario.Action.SetMemory(node.required("value").integer(0, Long.MAX_VALUE / 1024) * 1024);
            case "vcpu-set" -> new Scenario.Action.SetVcpus((int) node.required("value").integer(1, 4096));
            default -> throw node.get("do").error("no action \"" + what + "\" (start, stop, destroy, pause, unpause, "
                    + "crash, weight, cap, workload, mem-set, vcpu-set)");
        };
        if (node.has("value") && (action instanceof Scenario.Action.Start || action instanceof Scenario.Action.Stop
                || action instanceof Scenario.Action.Destroy || action instanceof Scenario.Action.Pause
                || action instanceof Scenario.Action.Unpause || action instanceof Scenario.Action.Crash)) {
            throw node.get("value").error("\"" + what + "\" takes no value");
        }
        List<String> targets = groups.getOrDefault(name, groups.values().stream().flatMap(List::stream)
                .filter(name::equals).toList());
        if (targets.isEmpty()) {
            throw node.get("domain").error("no domain \"" + name + "\" in the scenario (domains: "
                    + String.join(", ", groups.keySet()) + ")");
        }
        return targets.stream().map(t -> new Scenario.TimedEvent(at, t, action)).toList();
    }

    /** A duration: a number of seconds, or a string such as "250ms", "1.5s", "2h" (ns, us, ms, s, m, h). */
    private static long duration(JsonValue value) throws JsonInputException {
        if (value.node().isNumber() && value.node().asDouble() >= 0) {
            return Math.round(value.node().asDouble() * 1e9);
        }
        Matcher m = value.node().isTextual() ? DURATION.matcher(value.node().asText().strip()) : null;
        if (m == null || !m.matches()) {
            throw value.error("expected a duration such as \"250ms\", \"10s\" or \"1h\" (ns, us, ms, s, m, h), found "
                    + value.node());
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
}
