package org.jxen.daemon.xapi;

import static org.jxen.daemon.xapi.JxenMessages.ANY;
import static org.jxen.daemon.xapi.JxenMessages.DOMID;
import static org.jxen.daemon.xapi.JxenMessages.INT;
import static org.jxen.daemon.xapi.JxenMessages.STRING;
import static org.jxen.daemon.xapi.JxenMessages.param;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Type;
import org.jxen.config.DomainConfigJson;
import org.jxen.daemon.rpc.Call;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.DomainInfo;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * Domains as xl sees them, by domain ID, for jxl: what {@code xl list}, {@code list -l} and
 * {@code uptime} show, and the lifecycle calls ({@code destroy}, {@code shutdown}, {@code reboot},
 * {@code pause}, {@code unpause}, {@code rename}, {@code sysrq}) with xl's meaning rather than XAPI's (a shutdown
 * is a request to the guest that need not be waited for; a domain in any state can be destroyed).
 * VM records follow through the toolstack's events, as when a guest acts on its own.
 */
final class XlDomains {
    private final Toolstack toolstack;
    private final LongSupplier nowNs;

    XlDomains(Toolstack toolstack, LongSupplier nowNs) {
        this.toolstack = toolstack;
        this.nowNs = nowNs;
    }

    void register(JxenMessages m) {
        m.on("list_domains", new Type.SetType(ANY), call -> list());
        m.on("get_domain_config", STRING, call -> get(call, d -> DomainConfigJson.write(toolstack.config(d))), DOMID);
        m.on("destroy_domain", null, call -> run(call, toolstack::destroy), DOMID);
        m.on("shutdown_domain", null, this::shutdown, DOMID, param("request", STRING), param("wait_seconds", INT));
        m.on("await_domain_shutdown", null, call -> run(call, d -> toolstack.awaitShutdown(d,
                Duration.ofSeconds(Math.max(0, (Long) call.arg(1))))), DOMID, param("wait_seconds", INT));
        m.on("pause_domain", null, call -> run(call, toolstack::pause), DOMID);
        m.on("unpause_domain", null, call -> run(call, toolstack::unpause), DOMID);
        m.on("get_domain_console", ANY, call -> get(call, d -> console(d, (Long) call.arg(1))), DOMID,
                param("from", INT));
        m.on("type_into_domain_console", INT, call -> get(call, d -> (long) toolstack.typeIntoConsole(d,
                ((String) call.arg(1)).getBytes(StandardCharsets.UTF_8))), DOMID, param("keys", STRING));
        m.on("send_sysrq", null, call -> {
            char key = sysrqKey((String) call.arg(1));
            return run(call, d -> toolstack.sendSysrq(d, key));
        }, DOMID, param("key", STRING));
        m.on("rename_domain", null, call -> run(call, d -> toolstack.rename(d, (String) call.arg(1))), DOMID,
                param("name", STRING));
    }

    /** Every domain, dom0 first: ID, name, UUID, Xen's state flags, memory (KiB), vCPUs, CPU time (ns), uptime (s). */
    private List<Map<String, Object>> list() {
        long now = nowNs.getAsLong();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Domain d : toolstack.list()) {
            DomainInfo i = d.info();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("domid", (long) d.domid());
            m.put("name", d.name());
            m.put("uuid", d.uuid().toString());
            m.put("state", i.state().name().toLowerCase(Locale.ROOT));
            m.put("flags", i.flags().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted().toList());
            m.put("shutdown_reason", i.shutdownReason() == null ? "" : i.shutdownReason().name().toLowerCase(Locale.ROOT));
            m.put("memory_kb", i.memKb());
            m.put("max_memory_kb", i.maxMemKb());
            m.put("online_vcpus", (long) i.onlineVcpus());
            m.put("max_vcpus", (long) i.maxVcpus());
            m.put("cpu_time_ns", i.cpuTimeNs());
            m.put("cpupool", (long) i.cpupool());
            m.put("uptime_s", Math.max(0, (now - d.createdNs()) / 1_000_000_000L));
            out.add(m);
        }
        return out;
    }

    /**
     * What the guest printed on its console from offset {@code from} on, as the terminal gets it
     * ({@code text}: the prompt, the echo of keys), and the offset to read on from ({@code next}).
     */
    private Map<String, Object> console(int domid, long from) throws ToolstackException {
        ConsoleOutput out = toolstack.consoleOutput(domid, from);
        return Map.of("text", out.text(), "next", out.next());
    }

    private Object shutdown(Call call) throws XenApiFailure {
        String word = (String) call.arg(1);
        ShutdownRequest request = switch (word) {
            case "poweroff" -> ShutdownRequest.POWEROFF;
            case "reboot" -> ShutdownRequest.REBOOT;
            default -> throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "request", word);
        };
        long wait = (Long) call.arg(2);
        return run(call, d -> toolstack.shutdown(d, request, Duration.ofSeconds(Math.max(0, wait))));
    }

    /** A SysRq key as a client gives it: exactly one character (the toolstack checks it is a printable one). */
    static char sysrqKey(String key) throws XenApiFailure {
        if (key.length() != 1) {
            throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "key", key);
        }
        return key.charAt(0);
    }

    static int domid(Call call) {
        return ((Long) call.arg(0)).intValue();
    }

    /** Runs {@code op} on the call's domain; a toolstack failure becomes the XenAPI error for it. */
    static Object run(Call call, DomainOp op) throws XenApiFailure {
        return get(call, d -> {
            op.on(d);
            return null;
        });
    }

    /** What {@code query} answers for the call's domain; a toolstack failure becomes the XenAPI error for it. */
    static Object get(Call call, DomainQuery query) throws XenApiFailure {
        int domid = domid(call);
        try {
            return query.on(domid);
        } catch (ToolstackException e) {
            throw JxenMessages.failure(e, domid);
        }
    }

    /** Something done to one domain. */
    @FunctionalInterface
    interface DomainOp {
        void on(int domid) throws ToolstackException;
    }

    /** Something read from one domain, as a wire value. */
    @FunctionalInterface
    interface DomainQuery {
        Object on(int domid) throws ToolstackException;
    }
}
