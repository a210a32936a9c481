package org.jxen.daemon.xapi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.Message;
import org.jxen.api.model.Param;
import org.jxen.api.model.Type;
import org.jxen.config.HostCpus;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.metrics.Rrds;
import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.rpc.Sessions;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.toolstack.Toolstack;

/**
 * Every XenAPI message jxend answers, and jxend's own {@code jxen.*} calls for jxl, wired to the store, the toolstack and the SR: the messages
 * with their own meaning, then XAPI's generic accessors for the rest. Subscribes to the toolstack's events
 * so VM records follow their domains (and guests' agents, {@link GuestMetrics}), and reconciles the two at start.
 */
public final class XenApi implements AutoCloseable {
    private final Handlers handlers = new Handlers();
    private final AutoCloseable subscription;
    private final GuestMetrics guestMetrics;
    private final VmImport vmImport;
    private final VmExport vmExport;

    /**
     * What the XenAPI layer stands on: the toolstack, the host's CPUs, its records,
     * the console's URL, {@code nowNs} (the host's clock in ns, which domains' creation times are on),
     * its XenStore's socket and dom0's bridges.
     */
    public record Host(Toolstack toolstack, HostCpus cpus, HostInventory.Refs refs, String consoleUrl,
                       LongSupplier nowNs, Path xenstoreSocket, Bridges bridges, String certificatePem) {
    }

    public XenApi(ObjectStore store, Sessions sessions, AsyncTasks tasks, Host host, Rrds rrds, Clock clock)
            throws XenApiFailure, IOException {
        SessionCalls.register(handlers, sessions);
        new EventCalls(store).register(handlers);
        new LegacyEvents(store).register(handlers);
        TaskCalls.register(handlers, store, tasks);
        HostCalls.register(handlers, store, clock, host.toolstack(), host.certificatePem());
        new VmMemory(store, host.toolstack()).register(handlers);
        new DataSources(store, rrds).register(handlers);
        Storage storage = new Storage(store);
        new StorageCalls(store, storage, clock).register(handlers);
        new SrCalls(store, storage, host.refs()).register(handlers);
        VmLocks locks = new VmLocks();
        Vlans vlans = new Vlans(store, host.bridges());
        vlans.register(handlers);
        Networks networks = new Networks(store, host.bridges(), vlans);
        networks.register(handlers);
        VmConfigs configs = new VmConfigs(store, host.cpus(), networks);
        DiskSharing sharing = new DiskSharing(store);
        Devices devices = new Devices(store, host.toolstack(), configs, locks, sharing);
        devices.register(handlers);
        new CdMedia(store, devices, locks).register(handlers);
        XlConfigs xl = new XlConfigs(store, host.cpus(), devices, host.refs().sr(), host.bridges());
        PowerStates states = new PowerStates(store, host.toolstack(), host.refs().host(), host.consoleUrl(), clock, xl::adopt, locks);
        MemoryImages images = new MemoryImages(store, host.toolstack(), storage, host.refs().sr());
        BiosStrings bios = new BiosStrings(store);
        bios.register(handlers);
        new VmXenStoreData(store, host.xenstoreSocket()).register(handlers);
        VmCalls vmCalls = new VmCalls(store, host.toolstack(), configs, states, locks, storage, images, bios, sharing);
        vmCalls.register(handlers);
        new VmRevert(store, storage, devices, locks, vmCalls, states).register(handlers);
        vmImport = new VmImport(store, storage, devices, host.refs().network());
        vmExport = new VmExport(store, locks, host.refs().host());
        new VmCopies(store, storage, devices, images, locks, host.refs().sr(), clock).register(handlers);
        new VmSettings(store, host.toolstack(), locks).register(handlers);
        new MessageCalls(store, clock, host.refs().host()).register(handlers);
        handlers.extend("jxen", new Message("create_VM_from_xl_config", List.of(
                new Param("text", new Type.StringType(), null), new Param("file", new Type.StringType(), "")),
                new Type.RefType("VM"), false, true), call -> xl.create((String) call.arg(0), (String) call.arg(1)));
        JxenMessages jxen = new JxenMessages(handlers);
        new XlDomains(host.toolstack(), host.nowNs()).register(jxen);
        new XlSettings(host.toolstack(), store).register(jxen);
        new XlDevices(host.toolstack(), host.cpus(), host.bridges()).register(jxen);
        new XlHost(host.toolstack()).register(jxen);
        NotImplementedCalls.register(handlers);
        new GenericCalls(store).register(handlers);
        storage.reconcile(host.refs().sr());
        vlans.reconcile();
        guestMetrics = new GuestMetrics(store, host.toolstack(), clock, host.xenstoreSocket());
        subscription = host.toolstack().subscribe(event -> {
            states.on(event);
            guestMetrics.on(event);
        });
        states.reconcile();
        guestMetrics.watchRunning();
    }

    public Handlers handlers() {
        return handlers;
    }

    /** {@code PUT /import}'s work: an XVA's VMs and disks. */
    public VmImport vmImport() {
        return vmImport;
    }

    /** {@code GET /export}'s work: a VM as an XVA. */
    public VmExport vmExport() {
        return vmExport;
    }

    @Override
    public void close() throws Exception {
        subscription.close();
        guestMetrics.close();
    }
}
