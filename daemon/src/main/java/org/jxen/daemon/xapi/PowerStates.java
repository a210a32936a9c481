package org.jxen.daemon.xapi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.api.XenApiFailure;
import org.jxen.config.DomainConfig;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackEvent;

/**
 * Keeps each VM's record in step with its domain: power state, domid, where it runs, its
 * metrics, its devices' {@code currently_attached}, its console and the operations allowed now.
 * API calls set these when they change a domain; the toolstack's events set them when the guest
 * or the host does (a guest that powers itself off, a reboot by {@code on_reboot}); on start,
 * {@link #reconcile} adopts the domains that run and marks the VMs whose domain is gone halted.
 * A VM's domain carries the VM's UUID, which is how the two are matched.
 */
final class PowerStates {
    private static final Logger LOG = Logger.getLogger(PowerStates.class.getName());
    /** The operations that make a domain and record it as the VM's themselves (VmCalls). */
    private static final Set<String> RECORDS_ITS_DOMAIN = Set.of("start", "resume", "clean_reboot", "hard_reboot");

    private final ObjectStore store;
    private final Toolstack toolstack;
    private final String host;
    private final String consoleBase;
    private final Clock clock;
    private final Foreign foreign;
    private final VmLocks locks;

    /** Makes the VM of a domain jxend did not create, from the domain's configuration. */
    interface Foreign {
        String adopt(DomainConfig running, int domid) throws XenApiFailure;
    }

    PowerStates(ObjectStore store, Toolstack toolstack, String host, String consoleBase, Clock clock, Foreign foreign,
                VmLocks locks) {
        this.foreign = foreign;
        this.locks = locks;
        this.store = store;
        this.toolstack = toolstack;
        this.host = host;
        this.consoleBase = consoleBase;
        this.clock = clock;
    }

    /** The VM running as domain {@code domid}, if any. */
    Optional<String> vmOfDomain(int domid) {
        for (String vm : store.refsWith("VM", "domid", (long) domid)) {
            try {
                Map<String, Object> r = store.record("VM", vm);
                if (!Boolean.TRUE.equals(r.get("is_control_domain")) && !"Halted".equals(r.get("power_state"))) {
                    return Optional.of(vm);
                }
            } catch (XenApiFailure destroyedMeanwhile) {
                // no VM, so not this domain's
            }
        }
        return Optional.empty();
    }

    /** The domain that is {@code vm} now, by its UUID. */
    Optional<Domain> domainOf(String vm) throws XenApiFailure {
        String uuid = (String) store.field("VM", vm, "uuid");
        return toolstack.list().stream().filter(d -> d.uuid().toString().equals(uuid)).findFirst();
    }

    void running(String vm, Domain d, boolean paused) throws XenApiFailure {
        store.atomically(() -> {
            Map<String, Object> r = store.record("VM", vm);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("start_time", clock.instant());
            metrics.put("VCPUs_number", r.get("VCPUs_at_startup"));
            metrics.put("memory_actual", d.info().memKb() * 1024);
            metrics.put("state", List.of(paused ? "paused" : "running"));
            metrics.put("current_domain_type", r.get("domain_type"));
            metrics.put("last_updated", clock.instant());
            store.set("VM_metrics", metrics(vm), metrics);
            String state = paused ? "Paused" : "Running";
            // the domain's name is the VM's: after a rename-restart kept the old domain under another, the new one has it
            store.set("VM", vm, Map.of("power_state", state, "domid", (long) d.domid(), "resident_on", host,
                    "name_label", d.name(), "allowed_operations", VmOperations.allowed(state, r)));
            attachDevices(r, true);
            if (((List<?>) r.get("consoles")).isEmpty()) {
                String console = store.create("console", Map.of("protocol", "vt100", "VM", vm));
                store.set("console", console, "location", consoleBase + "?uuid=" + store.field("console", console, "uuid"));
            }
            return null;
        });
    }

    /**
     * The VM is paused or running again; nothing is written when it is so already (a pause through
     * XenAPI is told twice: by the toolstack's event, then by the call itself).
     */
    void paused(String vm, boolean paused) throws XenApiFailure {
        store.atomically(() -> {
            String state = paused ? "Paused" : "Running";
            if (state.equals(store.field("VM", vm, "power_state"))) {
                return null;
            }
            store.set("VM", vm, Map.of("power_state", state,
                    "allowed_operations", VmOperations.allowed(state, store.record("VM", vm))));
            store.set("VM_metrics", metrics(vm), Map.of("state", List.of(paused ? "paused" : "running"),
                    "last_updated", clock.instant()));
            return null;
        });
    }

    void halted(String vm) throws XenApiFailure {
        stopped(vm, "Halted");
    }

    void suspended(String vm, String suspendVdi) throws XenApiFailure {
        store.atomically(() -> {
            stopped(vm, "Suspended");
            store.set("VM", vm, "suspend_VDI", suspendVdi);
            return null;
        });
    }

    private void stopped(String vm, String state) throws XenApiFailure {
        store.atomically(() -> {
            Map<String, Object> r = store.record("VM", vm);
            store.set("VM", vm, Map.of("power_state", state, "domid", -1L, "resident_on", "OpaqueRef:NULL",
                    "allowed_operations", VmOperations.allowed(state, r)));
            store.set("VM_metrics", metrics(vm), Map.of("state", List.of(), "VCPUs_number", 0L, "memory_actual", 0L,
                    "last_updated", clock.instant()));
            attachDevices(r, false);
            for (Object console : (List<?>) r.get("consoles")) {
                store.destroy("console", (String) console);
            }
            return null;
        });
    }

    private void attachDevices(Map<String, Object> vm, boolean attached) throws XenApiFailure {
        for (Object vbd : (List<?>) vm.get("VBDs")) {
            boolean plug = attached && !Boolean.TRUE.equals(store.field("VBD", (String) vbd, "empty"));
            store.set("VBD", (String) vbd, Map.of("currently_attached", plug,
                    "device", plug ? Devices.vdev(store.record("VBD", (String) vbd)) : ""));
        }
        for (Object vif : (List<?>) vm.get("VIFs")) {
            store.set("VIF", (String) vif, "currently_attached", attached);
        }
    }

    /** The VM's metrics object, made if it has none (a VM created by a client has none yet). */
    String metrics(String vm) throws XenApiFailure {
        String ref = (String) store.field("VM", vm, "metrics");
        if (store.exists("VM_metrics", ref)) {
            return ref;
        }
        String made = store.create("VM_metrics", Map.of());
        store.set("VM", vm, "metrics", made);
        return made;
    }

    /** What the toolstack says happened, applied to the VM it happened to. */
    void on(ToolstackEvent event) {
        try {
            switch (event) {
                case ToolstackEvent.Created c -> {
                    if (!madeByACall(c)) {
                        adopt(c.domid());
                    }
                }
                case ToolstackEvent.Destroyed d -> {
                    Optional<String> vm = vmOfDomain(d.domid());
                    if (vm.isPresent()) { // running or paused as that domain: a stopped VM has no domid
                        halted(vm.get());
                    }
                }
                case ToolstackEvent.Paused p -> {
                    Optional<String> vm = vmOfDomain(p.domid());
                    if (vm.isPresent()) {
                        paused(vm.get(), true);
                    }
                }
                case ToolstackEvent.Renamed r -> {
                    Optional<String> vm = vmOfDomain(r.domid());
                    if (vm.isPresent()) {
                        store.set("VM", vm.get(), "name_label", r.name());
                    }
                }
                case ToolstackEvent.Unpaused u -> {
                    Optional<String> vm = vmOfDomain(u.domid());
                    if (vm.isPresent()) {
                        paused(vm.get(), false);
                    }
                }
                default -> { }
            }
        } catch (XenApiFailure | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot bring the VM of domain " + event.domid() + " up to date after " + event, e);
        }
    }

    /** A domain came up (a restart by {@code on_reboot}, or at start): its VM, if it has one, runs as it. */
    /**
     * Whether the domain is a VM's that a call is making now (a start, a resume, a reboot), which
     * records it itself once it has it; looking it up here would only do that work twice, on the
     * call's time.
     */
    private boolean madeByACall(ToolstackEvent.Created c) {
        try {
            String operation = locks.operation(store.refByUuid("VM", c.uuid().toString()));
            return operation != null && RECORDS_ITS_DOMAIN.contains(operation);
        } catch (XenApiFailure notAVm) {
            return false;
        }
    }

    private void adopt(int domid) throws XenApiFailure {
        Domain d;
        try {
            d = toolstack.domain(domid);
        } catch (org.jxen.toolstack.ToolstackException gone) {
            return;
        }
        String uuid = d.uuid().toString();
        String vm;
        try {
            vm = store.refByUuid("VM", uuid);
        } catch (XenApiFailure notOurs) {
            vm = defineForeign(d);
            if (vm == null) {
                return;
            }
        }
        if (!Long.valueOf(domid).equals(store.field("VM", vm, "domid"))) {
            running(vm, d, d.info().has(org.jxen.hv.DomainInfo.Flag.PAUSED));
        }
    }

    /** A VM for a domain made outside jxend (by xl, say), from its configuration; null when it cannot be read. */
    private String defineForeign(Domain d) {
        try {
            String vm = foreign.adopt(toolstack.config(d.domid()), d.domid());
            LOG.info("domain " + d.domid() + " (" + d.name() + "), made outside jxend, is VM " + vm);
            return vm;
        } catch (org.jxen.toolstack.ToolstackException | XenApiFailure e) {
            LOG.warning("domain " + d.domid() + " (" + d.name() + ") has no VM and none can be made for it: " + e.getMessage());
            return null;
        }
    }

    /** On start: VMs whose domain runs are running as it; VMs that claim to run without one are halted. */
    void reconcile() throws XenApiFailure {
        for (Domain d : toolstack.list()) {
            if (d.domid() != 0) {
                adopt(d.domid());
            }
        }
        for (var e : store.records("VM").entrySet()) {
            Map<String, Object> r = e.getValue();
            if (Boolean.TRUE.equals(r.get("is_control_domain")) || Boolean.TRUE.equals(r.get("is_a_template"))) {
                continue;
            }
            String state = (String) r.get("power_state");
            if ((state.equals("Running") || state.equals("Paused")) && domainOf(e.getKey()).isEmpty()) {
                LOG.info("VM " + r.get("name_label") + " (" + r.get("uuid") + ") has no domain any more: halted");
                halted(e.getKey());
            }
        }
    }
}
