package org.jxen.daemon.xapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.DomainConfig;
import org.jxen.hv.DomainInfo;
import org.jxen.daemon.rpc.Call;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * A VM's life on the host: create and destroy its record; start, shut down, reboot, pause,
 * suspend and resume its domain through the toolstack, checking power states first as XAPI does
 * ({@code VM_BAD_POWER_STATE [vm, expected, actual]}, states lower-case). One operation per VM at
 * a time ({@link VmLocks}).
 */
final class VmCalls {
    /** How long a clean shutdown or reboot may take the guest, as XAPI's default. */
    private static final Duration CLEAN_WAIT = Duration.ofMinutes(20);
    /** How long the toolstack may take to restart a domain that shut down to reboot (a create: seconds). */
    private static final Duration RESTART_WAIT = Duration.ofMinutes(2);
    private static final long RESTART_POLL_MS = 10;

    private final ObjectStore store;
    private final Toolstack toolstack;
    private final VmConfigs configs;
    private final PowerStates states;
    private final VmLocks locks;
    private final Storage storage;
    private final MemoryImages images;
    private final BiosStrings bios;
    private final DiskSharing sharing;
    /**
     * Domains built at once (creates and restores). More only compete for the CPUs and make their
     * XenStore transactions conflict, as each adds to the same directories: a thousand
     * {@code Async.VM.start}s at once had transactions give up after 64 attempts.
     */
    private final Semaphore building = new Semaphore(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), true);

    VmCalls(ObjectStore store, Toolstack toolstack, VmConfigs configs, PowerStates states, VmLocks locks,
            Storage storage, MemoryImages images, BiosStrings bios, DiskSharing sharing) {
        this.store = store;
        this.toolstack = toolstack;
        this.configs = configs;
        this.states = states;
        this.locks = locks;
        this.storage = storage;
        this.images = images;
        this.bios = bios;
        this.sharing = sharing;
    }

    void register(Handlers h) {
        h.on("VM.create", this::create);
        h.on("VM.destroy", call -> destroy(call.ref(0)));
        h.on("VM.start", call -> start(call.ref(0), null, (Boolean) call.arg(1)));
        h.on("VM.start_on", call -> start(call.ref(0), call.ref(1), (Boolean) call.arg(2)));
        h.on("VM.clean_shutdown", call -> shutdown(call.ref(0), true, CLEAN_WAIT));
        h.on("VM.hard_shutdown", call -> shutdown(call.ref(0), false, CLEAN_WAIT));
        h.on("VM.clean_reboot", call -> reboot(call.ref(0), true));
        h.on("VM.hard_reboot", call -> reboot(call.ref(0), false));
        h.on("VM.pause", call -> pause(call.ref(0), true));
        h.on("VM.unpause", call -> pause(call.ref(0), false));
        h.on("VM.suspend", call -> suspend(call.ref(0)));
        h.on("VM.resume", call -> resume(call.ref(0), null, (Boolean) call.arg(1)));
        h.on("VM.resume_on", call -> resume(call.ref(0), call.ref(1), (Boolean) call.arg(2)));
        h.on("VM.send_sysrq", call -> sysrq(call.ref(0), (String) call.arg(1)));
        h.on("VM.power_state_reset", call -> powerStateReset(call.ref(0)));
        h.on("VM.shutdown", call -> shutdownSomehow(call.ref(0)));
        h.on("VM.get_possible_hosts", call -> possibleHosts(call.ref(0)));
        h.on("VM.update_allowed_operations", call -> {
            Map<String, Object> r = store.record("VM", call.ref(0));
            store.set("VM", call.ref(0), "allowed_operations", VmOperations.allowed((String) r.get("power_state"), r));
            return null;
        });
        h.on("VM.assert_operation_valid", call -> {
            locks.requireIdle(call.ref(0));
            VmOperations.assertValid(call.ref(0), store.record("VM", call.ref(0)), (String) call.arg(1));
            return null;
        });
        // XAPI's: the record as it is (v26.13.0 keeps no separate boot-time record)
        h.on("VM.get_boot_record", call -> store.record("VM", call.ref(0)));
        // deprecated: always true on XAPI
        h.on("VM.get_cooperative", call -> {
            store.record("VM", call.ref(0));
            return true;
        });
        h.on("VM.assert_can_boot_here", call -> {
            checkHost(call.ref(1));
            checkMemory(call.ref(0));
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private Object create(Call call) throws XenApiFailure {
        Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) call.arg(0));
        r.put("power_state", "Halted");
        r.put("domid", -1L);
        r.put("resident_on", "OpaqueRef:NULL");
        r.put("is_control_domain", false);
        r.remove("uuid");
        return store.atomically(() -> {
            String metrics = store.create("VM_metrics", Map.of());
            r.put("metrics", metrics);
            r.put("allowed_operations", VmOperations.allowed("Halted", r));
            return store.create("VM", r);
        });
    }

    private Object destroy(String vm) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "destroy", () -> {
            Map<String, Object> r = store.record("VM", vm);
            if (Boolean.TRUE.equals(r.get("is_control_domain"))) {
                throw XenApiFailure.of(ErrorCodes.OPERATION_NOT_ALLOWED, "the control domain cannot be destroyed");
            }
            expect(vm, r, "Halted", "Suspended");
            return store.atomically(() -> {
                if ("Suspended".equals(r.get("power_state"))) {
                    storage.destroy((String) r.get("suspend_VDI"));
                }
                for (String set : List.of("VBDs", "VIFs")) {
                    for (Object device : (List<?>) r.get(set)) {
                        store.destroy(set.substring(0, 3), (String) device);
                    }
                }
                for (Object console : (List<?>) r.get("consoles")) {
                    store.destroy("console", (String) console);
                }
                for (var metrics : List.of(Map.entry("VM_metrics", "metrics"), Map.entry("VM_guest_metrics", "guest_metrics"))) {
                    String ref = (String) r.get(metrics.getValue());
                    if (store.exists(metrics.getKey(), ref)) {
                        store.destroy(metrics.getKey(), ref);
                    }
                }
                store.destroy("VM", vm);
                return null;
            });
        });
    }

    /**
     * XAPI's {@code VM.shutdown}: a clean shutdown, waiting the VM's {@code shutdown_delay} if it has
     * one, and a hard one if that fails for any reason (a paused or suspended VM, a guest that does
     * not go).
     */
    private Object shutdownSomehow(String vm) throws XenApiFailure, InterruptedException {
        long delay = (Long) store.field("VM", vm, "shutdown_delay");
        try {
            return shutdown(vm, true, delay > 0 ? Duration.ofSeconds(delay) : CLEAN_WAIT);
        } catch (XenApiFailure clean) {
            return shutdown(vm, false, CLEAN_WAIT);
        }
    }

    /** The host, if the VM could start there now (enabled, with the memory): XAPI's choice of hosts. */
    private List<String> possibleHosts(String vm) throws XenApiFailure {
        store.record("VM", vm);
        try {
            checkHost(null);
            checkMemory(vm);
        } catch (XenApiFailure cannot) {
            return List.of();
        }
        return List.of(store.refs("host").getFirst());
    }

    /** {@code host}: the one {@code start_on} names, or null to let jxend choose (its one host, if enabled). */
    private Object start(String vm, String host, boolean paused) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "start", () -> {
            Map<String, Object> r = store.record("VM", vm);
            if (Boolean.TRUE.equals(r.get("is_a_template"))) {
                throw XenApiFailure.of(ErrorCodes.VM_IS_TEMPLATE, vm);
            }
            expect(vm, r, "Halted");
            checkHost(host);
            bios.ensureSet(vm);
            checkMemory(vm);
            try (DiskSharing.Reservation disks = sharing.reserve(vbds(r))) {
                Domain d;
                try {
                    d = build(() -> toolstack.create(configs.config(vm), CreateOptions.DEFAULT.paused(paused)));
                } catch (ToolstackException e) {
                    throw e.kind() == ToolstackException.Kind.NO_MEMORY ? notEnoughMemory(r) : VmFailures.of(e, vm);
                }
                states.running(vm, d, paused);
            }
            return null;
        });
    }

    /** The VM's VBDs, as its record lists them. */
    private static List<String> vbds(Map<String, Object> vm) {
        return ((List<?>) vm.get("VBDs")).stream().map(String.class::cast).toList();
    }

    /** A domain's creation or restore, when its turn among the {@link #building} ones comes. */
    private Domain build(Building work) throws ToolstackException, XenApiFailure, InterruptedException {
        building.acquire();
        try {
            return work.run();
        } finally {
            building.release();
        }
    }

    @FunctionalInterface
    private interface Building {
        Domain run() throws ToolstackException, XenApiFailure;
    }

    /**
     * No new domain on a disabled host (host.disable): {@code HOST_DISABLED [host]} when the call
     * names it, else {@code NO_HOSTS_AVAILABLE}, as XAPI finds no host to choose.
     */
    private void checkHost(String named) throws XenApiFailure {
        String host = named != null ? named : store.refs("host").getFirst();
        if (!Boolean.TRUE.equals(store.field("host", host, "enabled"))) {
            throw named != null ? XenApiFailure.of(ErrorCodes.HOST_DISABLED, host)
                    : XenApiFailure.of(ErrorCodes.NO_HOSTS_AVAILABLE);
        }
    }

    /** XAPI refuses a start the host's free memory cannot hold: {@code HOST_NOT_ENOUGH_FREE_MEMORY [needed, available]}. */
    private void checkMemory(String vm) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        long needed = (Long) r.get("memory_static_max");
        if (needed > freeBytes()) {
            throw notEnoughMemory(r);
        }
    }

    private XenApiFailure notEnoughMemory(Map<String, Object> vm) {
        return XenApiFailure.of(ErrorCodes.HOST_NOT_ENOUGH_FREE_MEMORY, vm.get("memory_static_max"), freeBytes());
    }

    private long freeBytes() {
        return toolstack.host().freeMemKb() * 1024;
    }

    private Object shutdown(String vm, boolean clean, Duration wait) throws XenApiFailure, InterruptedException {
        return locks.with(vm, clean ? "clean_shutdown" : "hard_shutdown", () -> {
            Map<String, Object> r = store.record("VM", vm);
            if (clean) {
                expect(vm, r, "Running");
            } else {
                expect(vm, r, "Running", "Paused", "Suspended");
            }
            halt(vm, r, clean, wait);
            return null;
        });
    }

    /** A hard shutdown by a caller that holds the VM's lock (VM.revert): a VM not halted is made so. */
    void hardShutdownHeld(String vm) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        if (!"Halted".equals(r.get("power_state"))) {
            halt(vm, r, false, CLEAN_WAIT);
        }
    }

    /** Ends the domain (or, of a suspended VM, its memory image): the VM is halted. */
    private void halt(String vm, Map<String, Object> r, boolean clean, Duration wait) throws XenApiFailure {
        if ("Suspended".equals(r.get("power_state"))) {
            storage.destroy((String) r.get("suspend_VDI"));
            store.set("VM", vm, "suspend_VDI", "OpaqueRef:NULL");
        } else {
            stopDomain(vm, clean, ShutdownRequest.POWEROFF, wait);
        }
        states.halted(vm);
    }

    /** Ends the VM's domain: a clean request to the guest, then (whatever its {@code on_*} action did) no domain left. */
    private void stopDomain(String vm, boolean clean, ShutdownRequest request, Duration wait) throws XenApiFailure {
        try {
            Optional<Domain> d = states.domainOf(vm);
            if (d.isPresent() && clean) {
                toolstack.shutdown(d.get().domid(), request, wait);
                d = states.domainOf(vm);
            }
            if (d.isPresent()) {
                toolstack.destroy(d.get().domid());
            }
        } catch (ToolstackException e) {
            throw VmFailures.of(e, vm);
        }
    }

    private Object reboot(String vm, boolean clean) throws XenApiFailure, InterruptedException {
        return locks.with(vm, clean ? "clean_reboot" : "hard_reboot", () -> {
            Map<String, Object> r = store.record("VM", vm);
            if (clean) {
                expect(vm, r, "Running");
            } else {
                expect(vm, r, "Running", "Paused");
            }
            if (clean && "restart".equals(r.get("actions_after_reboot"))) {
                // the toolstack restarts a domain that shut down to reboot (on_reboot, as xl's monitor
                // does): building another here too raced it for the name
                states.running(vm, restarted(vm, ((Long) r.get("domid")).intValue()), false);
                return null;
            }
            stopDomain(vm, clean, ShutdownRequest.REBOOT, CLEAN_WAIT);
            states.halted(vm);
            try {
                states.running(vm, build(() -> toolstack.create(configs.config(vm), CreateOptions.DEFAULT)), false);
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            return null;
        });
    }

    /** Asks domain {@code old} to reboot and waits for the toolstack's restart of it: the VM's new domain. */
    private Domain restarted(String vm, int old) throws XenApiFailure, InterruptedException {
        try {
            toolstack.shutdown(old, ShutdownRequest.REBOOT, CLEAN_WAIT);
        } catch (ToolstackException e) {
            throw VmFailures.of(e, vm);
        }
        long deadline = System.nanoTime() + RESTART_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Domain> d = states.domainOf(vm);
            if (d.isPresent() && d.get().domid() != old) {
                return d.get();
            }
            Thread.sleep(RESTART_POLL_MS);
        }
        throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "domain " + old + " shut down to reboot but was not"
                + " restarted within " + RESTART_WAIT.toSeconds() + " s; see jxend's log");
    }

    private Object pause(String vm, boolean pause) throws XenApiFailure, InterruptedException {
        return locks.with(vm, pause ? "pause" : "unpause", () -> {
            Map<String, Object> r = store.record("VM", vm);
            expect(vm, r, pause ? "Running" : "Paused");
            int domid = ((Long) r.get("domid")).intValue();
            boolean paused = pause;
            try {
                if (pause) {
                    toolstack.pause(domid);
                } else {
                    toolstack.unpause(domid);
                    // Xen counts pauses: one an xl (jxl) pause added is still there
                    paused = toolstack.domain(domid).info().has(DomainInfo.Flag.PAUSED);
                }
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            states.paused(vm, paused);
            return null;
        });
    }

    /**
     * Hands the guest's kernel a magic SysRq key, as {@code xl sysrq} does (XAPI declares the call
     * but answers NOT_IMPLEMENTED): one printable character, to a running VM.
     */
    private Object sysrq(String vm, String key) throws XenApiFailure, InterruptedException {
        char k = XlDomains.sysrqKey(key);
        return locks.with(vm, "send_sysrq", () -> {
            Map<String, Object> r = store.record("VM", vm);
            expect(vm, r, "Running");
            try {
                toolstack.sendSysrq(((Long) r.get("domid")).intValue(), k);
            } catch (ToolstackException e) {
                throw VmFailures.of(e, vm);
            }
            return null;
        });
    }

    /** Saves the domain's memory into a suspend VDI on the SR, as XAPI does; the domain is gone after. */
    private Object suspend(String vm) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "suspend", () -> {
            Map<String, Object> r = store.record("VM", vm);
            expect(vm, r, "Running");
            states.suspended(vm, images.save(r, false));
            return null;
        });
    }

    private Object resume(String vm, String host, boolean paused) throws XenApiFailure, InterruptedException {
        return locks.with(vm, "resume", () -> {
            Map<String, Object> r = store.record("VM", vm);
            expect(vm, r, "Suspended");
            checkHost(host);
            String vdi = (String) r.get("suspend_VDI");
            Storage.requireForVm(store, vm, (String) store.field("VDI", vdi, "SR"));
            Path image = Path.of((String) store.field("VDI", vdi, "location"));
            try (DiskSharing.Reservation disks = sharing.reserve(vbds(r))) {
                Domain d;
                try {
                    // the memory from the image, the devices from the VM as it is now (reverted to a checkpoint, its
                    // disks are the snapshot's copies), as xenopsd builds a resumed domain from XAPI's record
                    DomainConfig config = configs.config(vm);
                    d = build(() -> toolstack.restore(image, config, CreateOptions.DEFAULT.paused(paused)));
                } catch (ToolstackException e) {
                    throw VmFailures.of(e, vm);
                }
                store.set("VM", vm, "suspend_VDI", "OpaqueRef:NULL");
                states.running(vm, d, paused);
            }
            storage.destroy(vdi);
            return null;
        });
    }

    /**
     * XAPI's way out for a VM whose record says it runs when it does not: halted in the record
     * only. Not under the VM's lock, which a stuck operation may hold (XAPI clears the VM's current
     * operations too); refused while its domain exists ({@code DOMAIN_EXISTS [vm]}) and for the
     * control domain. A suspended VM's memory image is deleted with it, as a hard shutdown does.
     */
    private Object powerStateReset(String vm) throws XenApiFailure {
        Map<String, Object> r = store.record("VM", vm);
        if (Boolean.TRUE.equals(r.get("is_control_domain"))) {
            throw XenApiFailure.of(ErrorCodes.CANNOT_RESET_CONTROL_DOMAIN, vm);
        }
        String state = (String) r.get("power_state");
        if ((state.equals("Running") || state.equals("Paused")) && states.domainOf(vm).isPresent()) {
            throw XenApiFailure.of(ErrorCodes.DOMAIN_EXISTS, vm);
        }
        if (state.equals("Suspended") && store.exists("VDI", (String) r.get("suspend_VDI"))) {
            storage.destroy((String) r.get("suspend_VDI"));
            store.set("VM", vm, "suspend_VDI", "OpaqueRef:NULL");
        }
        states.halted(vm);
        return null;
    }

    /** {@code VM_BAD_POWER_STATE [vm, expected, actual]} unless the VM is in one of {@code allowed}. */
    static void expect(String vm, Map<String, Object> r, String... allowed) throws XenApiFailure {
        String state = (String) r.get("power_state");
        for (String a : allowed) {
            if (a.equals(state)) {
                return;
            }
        }
        throw XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, vm, allowed[0].toLowerCase(Locale.ROOT),
                state.toLowerCase(Locale.ROOT));
    }
}
