package org.jxen.daemon.xapi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jxen.api.DateTimes;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Call;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code message.*}, XAPI's alerts (xapi_message.ml): a client creates one about a VM, host, SR,
 * pool or VDI that exists, and reads them back by time and by object, newest first; and, as XAPI's
 * message forwarding does, jxend writes one when a VM call succeeds: VM_STARTED, VM_SHUTDOWN,
 * VM_REBOOTED, VM_SUSPENDED, VM_RESUMED, VM_CLONED, VM_SNAPSHOTTED, VM_CHECKPOINTED and
 * VM_SNAPSHOT_REVERTED, priority 5,
 * in XAPI's words. Messages are objects of the store, so they come as {@code message} events and
 * outlive restarts (to the second). As XAPI, jxend keeps the newest {@value #LIMIT}: a message
 * more removes the oldest. Not here: XAPI's alerts about the host (no host alarms are raised) and
 * the messages of migrations and crashes.
 */
final class MessageCalls {
    /** The classes a message may be about that jxend has, by cls (XAPI also: VMPP, VMSS, PVS_proxy, Certificate). */
    private static final Map<String, String> ABOUT = Map.of("VM", "VM", "Host", "host", "SR", "SR", "Pool", "pool",
            "VDI", "VDI");
    /** XAPI's priority for the messages it writes about VMs (api_messages.ml). */
    private static final long INFORMATIONAL = 5;
    private static final String MESSAGE = "message";
    /** XAPI's message_limit (xapi_globs.ml), which its message GC keeps the store to. */
    static final int LIMIT = 10_000;

    private final ObjectStore store;
    private final Clock clock;
    private final String host;

    MessageCalls(ObjectStore store, Clock clock, String host) {
        this.store = store;
        this.clock = clock;
        this.host = host;
    }

    /** The message calls, and the messages the VM calls already registered write when they succeed. */
    void register(Handlers h) {
        h.on("message.create", call -> create((String) call.arg(0), (Long) call.arg(1), (String) call.arg(2),
                (String) call.arg(3), (String) call.arg(4)));
        h.on("message.destroy", call -> destroy(List.of(call.ref(0))));
        h.on("message.destroy_many", call -> destroy(((List<?>) call.arg(0)).stream().map(String::valueOf).toList()));
        h.on("message.destroy_all", call -> destroy(List.copyOf(matching(filter((Map<?, ?>) call.arg(0))).keySet())));
        h.on("message.get", call -> about((String) call.arg(0), (String) call.arg(1), (Instant) call.arg(2)));
        h.on("message.get_since", call -> matching(m -> ((Instant) m.get("timestamp")).isAfter((Instant) call.arg(0))));
        announce(h, "VM.start", "VM_STARTED", (call, result) -> onHost(call, "started"));
        announce(h, "VM.start_on", "VM_STARTED", (call, result) -> onHost(call, "started"));
        announce(h, "VM.clean_shutdown", "VM_SHUTDOWN", (call, result) -> vm(call) + " shutdown");
        announce(h, "VM.hard_shutdown", "VM_SHUTDOWN", (call, result) -> vm(call) + " shutdown");
        announce(h, "VM.shutdown", "VM_SHUTDOWN", (call, result) -> vm(call) + " shutdown");
        announce(h, "VM.clean_reboot", "VM_REBOOTED", (call, result) -> vm(call) + " rebooted cleanly");
        announce(h, "VM.hard_reboot", "VM_REBOOTED", (call, result) -> vm(call) + " rebooted forcibly");
        announce(h, "VM.suspend", "VM_SUSPENDED", (call, result) -> vm(call) + " suspended");
        announce(h, "VM.resume", "VM_RESUMED", (call, result) -> onHost(call, "resumed"));
        announce(h, "VM.resume_on", "VM_RESUMED", (call, result) -> onHost(call, "resumed"));
        announce(h, "VM.clone", "VM_CLONED", (call, result) -> vm(call) + " cloned (new uuid: "
                + store.field("VM", (String) result, "uuid") + ")");
        announce(h, "VM.snapshot", "VM_SNAPSHOTTED", (call, result) -> vm(call) + " snapshotted, snapshot name: "
                + call.arg(1));
        announce(h, "VM.checkpoint", "VM_CHECKPOINTED", (call, result) -> vm(call) + " checkpointed, snapshot name: "
                + call.arg(1));
        h.after("VM.revert", (call, result) -> {
            Map<String, Object> snapshot = store.record("VM", call.ref(0));
            Map<String, Object> vm = store.record("VM", (String) snapshot.get("snapshot_of"));
            write("VM_SNAPSHOT_REVERTED", INFORMATIONAL, "VM", (String) vm.get("uuid"), "VM '" + vm.get("name_label")
                    + "' (uuid: " + vm.get("uuid") + ") reverted to snapshot: " + snapshot.get("name_label") + " (uuid "
                    + snapshot.get("uuid") + ")");
        });
    }

    /** The body of a message about a call's VM. */
    @FunctionalInterface
    private interface Body {
        String of(Call call, Object result) throws XenApiFailure;
    }

    private void announce(Handlers h, String method, String name, Body body) {
        h.after(method, (call, result) -> {
            String vm = call.ref(0);
            write(name, INFORMATIONAL, "VM", (String) store.field("VM", vm, "uuid"), body.of(call, result));
        });
    }

    /** {@code VM 'NAME' (uuid: UUID)}, as XAPI starts its messages about a VM. */
    private String vm(Call call) throws XenApiFailure {
        Map<String, Object> vm = store.record("VM", call.ref(0));
        return "VM '" + vm.get("name_label") + "' (uuid: " + vm.get("uuid") + ")";
    }

    private String onHost(Call call, String what) throws XenApiFailure {
        Map<String, Object> h = store.record("host", host);
        return vm(call) + " " + what + " on host: " + h.get("name_label") + " (uuid: " + h.get("uuid") + ")";
    }

    private String create(String name, long priority, String cls, String objUuid, String body) throws XenApiFailure {
        if (!exists(cls, objUuid)) {
            throw XenApiFailure.of(ErrorCodes.UUID_INVALID, cls, objUuid);
        }
        return write(name, priority, cls, objUuid, body);
    }

    private String write(String name, long priority, String cls, String objUuid, String body) throws XenApiFailure {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("priority", priority);
        fields.put("cls", cls);
        fields.put("obj_uuid", objUuid);
        fields.put("timestamp", clock.instant());
        fields.put("body", body);
        return store.atomically(() -> {
            String ref = store.create(MESSAGE, fields);
            int over = store.count(MESSAGE) - LIMIT;
            if (over > 0) {
                for (String oldest : store.oldest(MESSAGE, over)) {
                    store.destroy(MESSAGE, oldest);
                }
            }
            return ref;
        });
    }

    private boolean exists(String cls, String uuid) {
        String about = ABOUT.get(cls);
        if (about == null) {
            return false;
        }
        try {
            store.refByUuid(about, uuid);
            return true;
        } catch (XenApiFailure none) {
            return false;
        }
    }

    /** XAPI's message.get: the object's messages later than {@code since}; no such object: bare UUID_INVALID. */
    private Map<String, Map<String, Object>> about(String cls, String objUuid, Instant since) throws XenApiFailure {
        if (!exists(cls, objUuid)) {
            throw XenApiFailure.of(ErrorCodes.UUID_INVALID);
        }
        return matching(m -> cls.equals(m.get("cls")) && objUuid.equals(m.get("obj_uuid"))
                && ((Instant) m.get("timestamp")).isAfter(since));
    }

    /** The messages {@code wanted} takes, newest first. */
    private Map<String, Map<String, Object>> matching(Predicate<Map<String, Object>> wanted) {
        List<Map.Entry<String, Map<String, Object>>> all = new ArrayList<>(store.records(MESSAGE).entrySet());
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (wanted.test(all.get(i).getValue())) {
                found.put(all.get(i).getKey(), all.get(i).getValue());
            }
        }
        return found;
    }

    /** destroy_all's filters: {@code before} and {@code after} (datetimes, exclusive) and {@code priority}. */
    private static Predicate<Map<String, Object>> filter(Map<?, ?> filters) throws XenApiFailure {
        Instant before = filters.containsKey("before") ? date((String) filters.get("before")) : null;
        Instant after = filters.containsKey("after") ? date((String) filters.get("after")) : null;
        Long priority = null;
        if (filters.containsKey("priority")) {
            try {
                priority = Long.parseLong((String) filters.get("priority"));
            } catch (NumberFormatException e) {
                throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "Failure(\"Int64.of_string\")");
            }
        }
        Long p = priority;
        return m -> {
            Instant t = (Instant) m.get("timestamp");
            return (before == null || t.isBefore(before)) && (after == null || t.isAfter(after))
                    && (p == null || p.equals(m.get("priority")));
        };
    }

    private static Instant date(String text) throws XenApiFailure {
        try {
            return DateTimes.parse(text);
        } catch (IllegalArgumentException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "Invalid argument: of_iso8601: " + text);
        }
    }

    private Object destroy(List<String> refs) throws XenApiFailure {
        for (String ref : refs) {
            store.destroy(MESSAGE, ref);
        }
        return null;
    }
}
