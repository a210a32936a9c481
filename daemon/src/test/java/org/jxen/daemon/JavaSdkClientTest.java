package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.SR;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VBD;
import com.xensource.xenapi.VDI;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VM;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XenAPI Java SDK (com.citrix.hypervisor:xen-api 8.1.0, XML-RPC over Apache XML-RPC) against
 * jxend, unchanged: its login (which asks for the host's API version), records of every class
 * it reads, a VM made from a template with a disk and a NIC of its own, its whole life, and the
 * events that follow it; an ISO library and a private network as an administrator makes them.
 */
class JavaSdkClientTest {
    @TempDir
    Path dir;
    private RunningJxend jxend;
    private Connection c;

    @BeforeEach
    void start() throws Exception {
        jxend = RunningJxend.start(dir);
        c = new Connection(new URL(jxend.http().toString()));
        Session.loginWithPassword(c, "root", jxend.rootPassword(), "1.0", "jxen-sdk-test");
    }

    @AfterEach
    void stop() throws Exception {
        Session.logout(c);
        jxend.close();
    }

    @Test
    void loginReadsTheApiVersionAndRecordsOfTheHost() throws Exception {
        Host host = Host.getAll(c).iterator().next();
        Host.Record h = host.getRecord(c);
        assertThat(h.APIVersionMajor).isEqualTo(2L);
        assertThat(h.APIVersionMinor).isEqualTo(21L);
        assertThat(h.softwareVersion).containsEntry("product_brand", "jxen");
        assertThat(h.hostCPUs).hasSize(4);
        assertThat(h.controlDomain.getIsControlDomain(c)).isTrue();
        Pool.Record pool = Pool.getAllRecords(c).values().iterator().next();
        assertThat(pool.master.getUuid(c)).isEqualTo(h.uuid);
        assertThat(h.metrics.getRecord(c).memoryTotal).isEqualTo(16L << 30);
        Map<VM, VM.Record> vms = VM.getAllRecords(c);
        assertThat(vms.values()).extracting(r -> r.nameLabel)
                .contains("Generic Linux PV", "Generic Linux PVH", "Other install media");
        assertThat(SR.getAllRecords(c).values()).extracting(r -> r.nameLabel).containsExactly("Local storage");
    }

    @Test
    void anIsoLibraryAndAPrivateNetworkAsAnAdministratorMakesThem() throws Exception {
        Host host = Host.getAll(c).iterator().next();
        Path isos = Files.createDirectories(dir.resolve("isos"));
        Files.write(isos.resolve("netinst.iso"), new byte[8192]);
        SR library = SR.create(c, host, Map.of("location", isos.toString()), 0L, "ISO library", "", "iso", "iso", false);
        assertThat(library.getPBDs(c)).allMatch(pbd -> attached(pbd));
        VDI iso = library.getVDIs(c).iterator().next();
        assertThat(iso.getNameLabel(c)).isEqualTo("netinst.iso");
        assertThat(iso.getReadOnly(c)).isTrue();

        Network.Record privateNet = new Network.Record();
        privateNet.nameLabel = "sdk private";
        privateNet.nameDescription = "";
        privateNet.MTU = 1500L;
        privateNet.otherConfig = new HashMap<>();
        privateNet.managed = true; // the SDK sends false for a field left null
        Network net = Network.create(c, privateNet);
        assertThat(net.getBridge(c)).isEqualTo("xapi0");

        VM vm = VM.getByNameLabel(c, "Generic Linux PV").iterator().next().createClone(c, "sdk installer");
        vm.provision(c);
        vm.setIsATemplate(c, false);
        VBD cd = vbd(vm, null, "3", Types.VbdType.CD); // a null VDI: the SDK sends OpaqueRef:NULL, an empty drive
        cd.insert(c, iso);
        VIF nic = vif(vm, net);
        vm.start(c, false, false);
        assertThat(cd.getCurrentlyAttached(c)).isTrue();
        assertThat(nic.getCurrentlyAttached(c)).isTrue();
        assertThatThrownBy(() -> library.forget(c)).isInstanceOf(Types.SrHasPbd.class);
        assertThatThrownBy(() -> net.destroy(c)).isInstanceOf(Types.NetworkContainsVif.class);

        vm.hardShutdown(c);
        library.getPBDs(c).iterator().next().unplug(c);
        library.forget(c);
        net.destroy(c);
        assertThat(cd.getEmpty(c)).isTrue();
        assertThat(vm.getVIFs(c)).isEmpty();
        assertThat(SR.getAllRecords(c).values()).extracting(r -> r.nameLabel).containsExactly("Local storage");
    }

    /** A VBD as the SDK's record makes one: a disk read-write, a CD drive read-only and empty without a VDI. */
    private VBD vbd(VM vm, VDI vdi, String userdevice, Types.VbdType type) throws Exception {
        VBD.Record vbd = new VBD.Record();
        vbd.VM = vm;
        vbd.VDI = vdi;
        vbd.userdevice = userdevice;
        vbd.mode = type == Types.VbdType.CD ? Types.VbdMode.RO : Types.VbdMode.RW;
        vbd.type = type;
        vbd.bootable = false;
        vbd.empty = vdi == null;
        vbd.otherConfig = new HashMap<>();
        vbd.qosAlgorithmParams = new HashMap<>();
        return VBD.create(c, vbd);
    }

    /** NIC 0 of {@code vm} on {@code network}, its MAC Xen's random one. */
    private VIF vif(VM vm, Network network) throws Exception {
        VIF.Record vif = new VIF.Record();
        vif.VM = vm;
        vif.network = network;
        vif.device = "0";
        vif.MAC = "";
        vif.MTU = 1500L;
        vif.otherConfig = new HashMap<>();
        vif.qosAlgorithmParams = new HashMap<>();
        return VIF.create(c, vif);
    }

    private boolean attached(com.xensource.xenapi.PBD pbd) {
        try {
            return pbd.getCurrentlyAttached(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aVmFromATemplateLivesItsWholeLife() throws Exception {
        String token = Event.from(c, Set.of("vm"), "", 0.0).token;
        VM template = VM.getByNameLabel(c, "Generic Linux PV").iterator().next();
        VM vm = template.createClone(c, "sdk-vm");
        vm.provision(c);
        vm.setIsATemplate(c, false);
        SR sr = Pool.getAllRecords(c).values().iterator().next().defaultSR;

        VDI.Record disk = new VDI.Record();
        disk.nameLabel = "sdk data";
        disk.SR = sr;
        disk.virtualSize = 64L << 20;
        disk.type = Types.VdiType.USER;
        disk.otherConfig = new HashMap<>();
        disk.smConfig = new HashMap<>();
        VDI vdi = VDI.create(c, disk);
        vbd(vm, vdi, "1", Types.VbdType.DISK);
        vif(vm, Network.getAll(c).iterator().next());

        assertThat(vm.getVBDs(c)).hasSize(2);
        vm.start(c, false, false);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.RUNNING);
        assertThat(vm.getDomid(c)).isPositive();
        assertThat(vm.getVBDs(c)).allMatch(b -> currentlyAttached(b));
        vm.pause(c);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.PAUSED);
        vm.unpause(c);
        vm.suspend(c);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.SUSPENDED);
        vm.resume(c, false, false);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.RUNNING);

        // a checkpoint, and the running VM reverted to it through the SDK's Async call: suspended with its memory
        VM checkpoint = vm.checkpoint(c, "sdk checkpoint");
        assertThat(checkpoint.getIsASnapshot(c)).isTrue();
        assertThat(checkpoint.getAllowedOperations(c)).contains(Types.VmOperations.REVERT);
        assertThatThrownBy(() -> vm.revert(c)).isInstanceOfSatisfying(Types.XenAPIException.class,
                e -> assertThat(e.errorDescription).startsWith("REVERT_ONLY_ALLOWED_ON_SNAPSHOT"));
        Task reverting = checkpoint.revertAsync(c);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (reverting.getStatus(c) == Types.TaskStatusType.PENDING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(reverting.getStatus(c)).isEqualTo(Types.TaskStatusType.SUCCESS);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.SUSPENDED);
        assertThat(vm.getParent(c)).isEqualTo(checkpoint);
        vm.resume(c, false, false);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.RUNNING);
        assertThat(vm.getVBDs(c)).hasSize(2).allMatch(b -> currentlyAttached(b));
        checkpoint.destroy(c);
        assertThatThrownBy(() -> vm.destroy(c)).isInstanceOf(Types.VmBadPowerState.class);
        vm.cleanShutdown(c);
        assertThat(vm.getPowerState(c)).isEqualTo(Types.VmPowerState.HALTED);

        List<Types.VmPowerState> seen = new ArrayList<>();
        EventBatch batch = Event.from(c, Set.of("vm"), token, 1.0);
        for (Event.Record e : batch.events) {
            if (e.snapshot instanceof VM.Record r && r.uuid.equals(vm.getUuid(c))) {
                seen.add(r.powerState);
            }
        }
        assertThat(seen).last().isEqualTo(Types.VmPowerState.HALTED);
        vm.destroy(c);
        assertThatThrownBy(() -> vm.getRecord(c)).isInstanceOf(Types.HandleInvalid.class);
    }

    private boolean currentlyAttached(VBD b) {
        try {
            return b.getCurrentlyAttached(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
