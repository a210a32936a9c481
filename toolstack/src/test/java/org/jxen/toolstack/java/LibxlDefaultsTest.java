package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.BiosType;
import org.jxen.config.DomainConfig.DeviceModelVersion;
import org.jxen.config.DomainConfig.DiskBackend;
import org.jxen.config.DomainConfig.HvmInfo;
import org.jxen.config.DomainConfig.NicType;
import org.jxen.config.DomainConfig.Passthrough;
import org.jxen.config.DomainConfig.PvhInfo;
import org.jxen.config.DomainConfig.TimerMode;
import org.jxen.config.DomainConfig.VgaKind;
import org.jxen.config.DomainConfigJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults of libxl 4.17's setdefault functions, rule by rule, on configs written as libxl JSON
 * (as {@code xl -N create} prints them). Covers what libxl fills in and where it refuses; the
 * corpus-wide invariants are in {@link LibxlDefaultsCorpusTest}.
 */
class LibxlDefaultsTest {
    static final LibxlDefaultsHost HOST = LibxlDefaultsHost.debianX86();

    static DomainConfig cfg(String json) throws Exception {
        return DomainConfigJson.read(json);
    }

    static LibxlDefaults.Result apply(String json) throws Exception {
        return LibxlDefaults.apply(cfg(json), HOST, new SplittableRandom(1));
    }

    @Test
    void pv_minimal() throws Exception {
        var r = apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"max_memkb": 131072, "target_memkb": 131072,
                 "kernel": "/boot/vmlinuz", "type.pv": {}}}""");
        var b = r.config().bInfo();
        assertThat(b.maxVcpus()).isEqualTo(1);
        assertThat(b.availVcpus()).containsExactly(0);
        assertThat(b.videoMemkb()).isZero();
        // PV: a page per MiB (PV counts as "no HAP"), and 256 pages per vCPU of max_vcpus as it is
        // before build_info_setdefault: 0 here, as xl leaves it when the config has no vcpus=
        assertThat(b.shadowMemkb()).isEqualTo(4 * 128);
        assertThat(b.eventChannels()).isEqualTo(1023);
        assertThat(b.numaPlacement()).isTrue();
        assertThat(b.claimMode()).isFalse();
        assertThat(b.deviceModelVersion()).isEqualTo(DeviceModelVersion.QEMU_XEN);
        assertThat(b.deviceModelStubdomain()).isFalse();
        assertThat(b.stubdomainMemkb()).isZero();
        assertThat(b.acpi()).isTrue();
        assertThat(b.archX86().msrRelaxed()).isFalse();
        assertThat(b.maxGrantVersion()).isEqualTo(2);
        assertThat(b.timerMode()).isNull();
        assertThat(b.apic()).isNull();
        assertThat(r.config().cInfo().hap()).isNull();
        assertThat(r.config().cInfo().runHotplugScripts()).isTrue();
        assertThat(r.config().cInfo().passthrough()).isEqualTo(Passthrough.DISABLED);
        assertThat(r.iommuMemkb()).isZero();
        assertThat(r.maxGrantFrames()).isEqualTo(64);
        assertThat(r.maxMaptrackFrames()).isEqualTo(1024);
        assertThat(r.blkdevStart()).isEqualTo("xvda");
    }

    @Test
    void memory_unset_is32MiB_butShadowIsComputedBeforeThat() throws Exception {
        var b = apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"kernel": "/k", "type.pv": {}}}""").config().bInfo();
        assertThat(b.maxMemkb()).isEqualTo(32768);
        assertThat(b.targetMemkb()).isEqualTo(32768);
        // libxl__domain_config_setdefault computes shadow_memkb from max_memkb = ~0ULL, max_vcpus = 0
        assertThat(b.shadowMemkb()).isEqualTo(4 * Long.divideUnsigned(-1L, 1024));
    }

    @Test
    void hvm_defaults() throws Exception {
        var r = apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"max_vcpus": 2, "avail_vcpus": [0, 1],
                 "max_memkb": 1048576, "target_memkb": 1048576, "type.hvm": {}}}""");
        var b = r.config().bInfo();
        var h = (HvmInfo) b.typeInfo();
        assertThat(r.config().cInfo().hap()).isTrue();
        assertThat(r.config().cInfo().oos()).isTrue();
        // HAP guest: 256 pages per vCPU + 1 page per MiB for the P2M
        assertThat(b.shadowMemkb()).isEqualTo(4 * (2 * 256 + 1024));
        assertThat(b.videoMemkb()).isEqualTo(8 * 1024);
        assertThat(h.vga().kind()).isEqualTo(VgaKind.CIRRUS);
        assertThat(h.bios()).isEqualTo(BiosType.SEABIOS);
        assertThat(h.boot()).isEqualTo("cda");
        assertThat(h.vnc().enable()).isTrue();
        assertThat(h.vnc().listen()).isEqualTo("127.0.0.1");
        assertThat(h.vnc().findunused()).isTrue();
        assertThat(h.sdl().enable()).isFalse();
        assertThat(h.spice().enable()).isFalse();
        assertThat(h.rdm().policy()).isEqualTo(DomainConfig.RdmPolicy.RELAXED);
        assertThat(h.rdmMemBoundaryMemkb()).isEqualTo(2L * 1024 * 1024);
        assertThat(h.mmioHoleMemkb()).isZero();
        assertThat(List.of(h.pae(), h.acpiS3(), h.acpiS4(), h.nx(), h.hpet(), h.vptAlign(), h.vkbDevice(),
                h.xenPlatformPci())).containsOnly(true);
        assertThat(List.of(h.acpiLaptopSlate(), h.viridian(), h.altp2m(), h.usb(), h.nographic(), h.gfxPassthru()))
                .containsOnly(false);
        assertThat(b.timerMode()).isEqualTo(TimerMode.NO_DELAY_FOR_MISSED_TICKS);
        assertThat(b.apic()).isTrue();
        assertThat(b.nestedHvm()).isFalse();
    }

    @Test
    void hvm_shadowGuest_paysForShadowToo() throws Exception {
        var b = apply("""
                {"c_info": {"type": "hvm", "name": "h", "hap": "False"}, "b_info": {"max_memkb": 1048576,
                 "target_memkb": 1048576, "type.hvm": {}}}""").config().bInfo();
        // P2M and shadow: 2 pages per MiB; max_vcpus not set yet, so no per-vCPU pages
        assertThat(b.shadowMemkb()).isEqualTo(4 * (2 * 1024));
    }

    @Test
    void requiredShadowMemory_isLibxlUtilsFormula() {
        assertThat(LibxlDefaults.requiredShadowMemory(2 * 1024 * 1024, 4)).isEqualTo(4 * (256 * 4 + 2 * 2048));
        assertThat(LibxlDefaults.requiredIommuMemory(4 * 1024 * 1024)).isEqualTo(4 * (2048 + 4 + 1 + 1));
    }

    @Test
    void hvm_video_byVgaAndDeviceModel() throws Exception {
        String std = """
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"max_memkb": 1048576, "target_memkb": 1048576,
                 %s "type.hvm": {"vga": {"kind": "%s"} %s}}}""";
        assertThat(apply(std.formatted("", "std", "")).config().bInfo().videoMemkb()).isEqualTo(16384);
        assertThat(apply(std.formatted("", "qxl", "")).config().bInfo().videoMemkb()).isEqualTo(131072);
        assertThat(apply(std.formatted("", "none", "")).config().bInfo().videoMemkb()).isZero();
        var trad = apply(std.formatted("\"device_model_version\": \"qemu_xen_traditional\",", "cirrus", ""));
        assertThat(trad.config().bInfo().videoMemkb()).isEqualTo(4096);
        assertThat(((HvmInfo) trad.config().bInfo().typeInfo()).bios()).isEqualTo(BiosType.ROMBIOS);
        assertThatThrownBy(() -> apply(std.formatted("\"video_memkb\": 8192,", "std", "")))
                .hasMessage("videoram must be at least 16 MB for STDVGA on QEMU_XEN");
        assertThatThrownBy(() -> apply(std.formatted("\"device_model_version\": \"qemu_xen_traditional\",", "qxl", "")))
                .hasMessage("qemu upstream required for qxl vga");
        var warned = apply(std.formatted("\"device_model_version\": \"qemu_xen_traditional\", \"video_memkb\": 8192,",
                "cirrus", ""));
        assertThat(warned.log()).containsExactly("WARN: ignoring videoram other than 4 MB for CIRRUS on QEMU_XEN_TRADITIONAL");
        assertThatThrownBy(() -> apply(std.formatted("", "cirrus", ", \"bios\": \"rombios\"")))
                .hasMessage("qemu-xen does not support bios=rombios.");
    }

    @Test
    void hvm_stubdomain() throws Exception {
        var b = apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"max_memkb": 1048576, "target_memkb": 1048576,
                 "device_model_stubdomain": "True", "type.hvm": {}}}""").config().bInfo();
        assertThat(b.deviceModelVersion()).isEqualTo(DeviceModelVersion.QEMU_XEN_TRADITIONAL);
        assertThat(b.stubdomainMemkb()).isEqualTo(28 * 1024);
        assertThat(b.stubdomainKernel()).isEqualTo("/usr/lib/xen-4.17/boot/ioemu-stubdom.gz");
        assertThat(b.stubdomainRamdisk()).isNull();
    }

    @Test
    void pvh_shim() throws Exception {
        var b = apply("""
                {"c_info": {"type": "pvh", "name": "p"}, "b_info": {"max_memkb": 524288, "target_memkb": 524288,
                 "kernel": "/k", "type.pvh": {"pvshim": "True"}}}""").config().bInfo();
        var p = (PvhInfo) b.typeInfo();
        assertThat(p.pvshimPath()).isEqualTo("/usr/lib/xen-4.17/boot/xen-shim");
        assertThat(p.pvshimCmdline()).isEqualTo("pv-shim console=xen,pv");
        assertThat(b.videoMemkb()).isZero();
        assertThat(b.shadowMemkb()).isEqualTo(4 * 512);
    }

    @Test
    void refusals_inLibxlWords() {
        assertThatThrownBy(() -> apply("""
                {"c_info": {"name": "a"}, "b_info": {"type.pv": {}}}"""))
                .hasMessage("domain type unspecified");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"max_memkb": 2097152, "target_memkb": 1048576,
                 "vnuma_nodes": [{"memkb": 1048576, "distances": [10], "pnode": 0, "vcpus": [0]}], "type.hvm": {}}}"""))
                .hasMessage("Cannot enable PoD and vNUMA at the same time");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"max_vcpus": 1, "avail_vcpus": [0, 1],
                 "type.pv": {}}}"""))
                .hasMessage("maxvcpus < vcpus");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"ramdisk": "/r", "type.hvm": {}}}"""))
                .hasMessage("direct boot parameters specified but kernel missing");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pvh", "name": "p", "passthrough": "enabled"}, "b_info": {"type.pvh": {}}}"""))
                .hasMessage("passthrough not yet supported for x86 PVH guests\n");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "p", "passthrough": "share_pt"}, "b_info": {"type.pv": {}}}"""))
                .hasMessage("passthrough=\"share_pt\" not valid for PV domain\n");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"nested_hvm": "True", "type.hvm": {"altp2m": "True"}}}"""))
                .hasMessage("nestedhvm and altp2mhvm cannot be used together");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"vpmu": "True", "type.pv": {}}}"""))
                .hasMessage("vPMU not supported on this platform");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"max_grant_version": 16, "type.pv": {}}}"""))
                .hasMessage("max grant version 16 out of range");
    }

    @Test
    void passthrough_enabled_becomesShareForHap_syncForPv() throws Exception {
        var hvm = apply("""
                {"c_info": {"type": "hvm", "name": "h", "passthrough": "enabled"}, "b_info": {"max_memkb": 1048576,
                 "target_memkb": 1048576, "type.hvm": {}}}""");
        assertThat(hvm.config().cInfo().passthrough()).isEqualTo(Passthrough.SHARE_PT);
        assertThat(hvm.iommuMemkb()).isZero();
        var pv = apply("""
                {"c_info": {"type": "pv", "name": "p", "passthrough": "enabled"}, "b_info": {"max_memkb": 1048576,
                 "target_memkb": 1048576, "type.pv": {}}}""");
        assertThat(pv.config().cInfo().passthrough()).isEqualTo(Passthrough.SYNC_PT);
        // 262144 pages -> 512 + 1 + 1 + 1 page-table pages
        assertThat(pv.iommuMemkb()).isEqualTo(4 * 515);
    }

    @Test
    void nics_pv_hvm() throws Exception {
        var pv = apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"type.pv": {}},
                 "nics": [{"devid": 0}, {"mac": "00:16:3e:01:02:03", "bridge": "br1"}]}""").config().nics();
        assertThat(pv).extracting(DomainConfig.Nic::devid).containsExactly(0, 0); // libxl's size_t devid quirk
        assertThat(pv.get(0).mac()).matches("00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}");
        assertThat(pv.get(1).mac()).isEqualTo("00:16:3e:01:02:03");
        assertThat(pv.get(1).bridge()).isEqualTo("br1");
        assertThat(pv.get(0).bridge()).isEqualTo("xenbr0");
        assertThat(pv.get(0).script()).isEqualTo("/etc/xen/scripts/vif-bridge");
        assertThat(pv.get(0).nictype()).isEqualTo(NicType.VIF);
        assertThat(pv.get(0).model()).isEqualTo("rtl8139");
        assertThat(pv.get(0).mtu()).isEqualTo(1500);
        assertThat(pv.get(0).trusted()).isTrue();
        var hvm = apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"type.hvm": {}}, "nics": [{}, {}]}""").config().nics();
        assertThat(hvm).extracting(DomainConfig.Nic::devid).containsExactly(0, 1);
        assertThat(hvm.get(0).nictype()).isEqualTo(NicType.VIF_IOEMU);
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pvh", "name": "a"}, "b_info": {"type.pvh": {}}, "nics": [{"nictype": "vif_ioemu"}]}"""))
                .hasMessage("trying to create PV or PVH guest with an emulated interface");
    }

    @Test
    void nicMac_comesFromTheInjectedRandom() throws Exception {
        String json = """
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"type.pv": {}}, "nics": [{}]}""";
        String a = LibxlDefaults.apply(cfg(json), HOST, new SplittableRandom(7)).config().nics().get(0).mac();
        String b = LibxlDefaults.apply(cfg(json), HOST, new SplittableRandom(7)).config().nics().get(0).mac();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void disks_backendByPathAndFormat() throws Exception {
        var disks = apply("""
                {"c_info": {"type": "hvm", "name": "h"}, "b_info": {"type.hvm": {}}, "disks": [
                 {"pdev_path": "/dev/vg/a", "vdev": "xvda", "format": "raw", "readwrite": 1},
                 {"pdev_path": "/srv/a.img", "vdev": "xvdb", "format": "raw", "readwrite": 1},
                 {"pdev_path": "/srv/a.qcow2", "vdev": "xvdc", "format": "qcow2"},
                 {"pdev_path": "/dev/sr0", "vdev": "hdc", "format": "raw", "is_cdrom": 1, "removable": 1},
                 {"pdev_path": "/dev/vg/b", "vdev": "xvdd", "format": "raw", "script": "block-iscsi"}]}""")
                .config().disks();
        // a raw file is phy's on Linux (the lab: backend/vbd, the block script's loop device); HVM's cdrom is qdisk's
        assertThat(disks).extracting(DomainConfig.Disk::backend).containsExactly(DiskBackend.PHY, DiskBackend.PHY,
                DiskBackend.QDISK, DiskBackend.QDISK, DiskBackend.PHY);
        assertThat(disks).extracting(DomainConfig.Disk::discardEnable).containsExactly(true, true, false, false, false);
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"type.pv": {}}, "disks": [
                 {"pdev_path": "/srv/a.qcow2", "vdev": "xvda", "format": "qcow2", "backend": "phy"}]}"""))
                .hasMessage("no suitable backend for disk xvda");
        assertThatThrownBy(() -> apply("""
                {"c_info": {"type": "pv", "name": "a"}, "b_info": {"type.pv": {}}, "disks": [
                 {"pdev_path": "/srv/a.img", "vdev": "xvda", "format": "empty"}]}"""))
                .hasMessage("Disk vdev=xvda is empty but not cdrom");
    }

    @Test
    void output_isLibxlJson() throws Exception {
        String json = DomainConfigJson.write(apply("""
                {"c_info": {"type": "pv", "name": "a", "uuid": "6723020d-d6f8-4f8d-b66e-e590eb048f83"},
                 "b_info": {"max_memkb": 131072, "target_memkb": 131072, "kernel": "/k", "type.pv": {}}}""").config());
        assertThat(json).contains("\"shadow_memkb\": 512", "\"sched_params\": {", "\"arch_arm\": {", "\"numa_placement\": \"True\"", "\"event_channels\": 1023",
                "\"e820_host\": \"False\"", "\"msr_relaxed\": \"False\"");
        assertThat(DomainConfigJson.write(DomainConfigJson.read(json))).isEqualTo(json);
    }

    @Test
    void savedConfig_isTheGivenOneWithNicIdsUuidVideoAndMsrRelaxed() throws Exception {
        DomainConfig given = cfg("""
                {"c_info": {"type": "hvm", "name": "h", "uuid": "7074e121-7759-4546-b1c2-416518f587df"},
                 "b_info": {"max_memkb": 1048576, "target_memkb": 1048576, "type.hvm": {}},
                 "nics": [{"devid": 0, "bridge": "xenbr0"}]}""");
        var r = LibxlDefaults.apply(given, HOST, new SplittableRandom(3));
        DomainConfig saved = LibxlDefaults.savedConfig(given, r);
        assertThat(saved.bInfo().videoMemkb()).isEqualTo(8192);
        assertThat(saved.bInfo().shadowMemkb()).isNull();
        assertThat(saved.bInfo().numaPlacement()).isNull();
        assertThat(saved.bInfo().archX86().msrRelaxed()).isFalse();
        assertThat(saved.cInfo().hap()).isNull();
        assertThat(saved.nics().get(0).mac()).isEqualTo(r.config().nics().get(0).mac());
        assertThat(saved.nics().get(0).nictype()).isEqualTo(NicType.VIF_IOEMU);
        assertThat(saved.nics().get(0).script()).isNull();
    }

    /** This machine's {@code stat}, for a toolstack whose disks are files here: a missing path is libxl's ENOENT. */
    @Test
    void statSaysWhatAPathIsOnThisMachine(@TempDir Path dir) throws Exception {
        Path image = Files.createFile(dir.resolve("disk.img"));
        assertThat(LibxlDefaultsHost.stat(image.toString())).isEqualTo(LibxlDefaultsHost.PathKind.REGULAR_FILE);
        assertThat(LibxlDefaultsHost.stat("/dev/null")).isEqualTo(LibxlDefaultsHost.PathKind.OTHER); // a character device
        assertThat(LibxlDefaultsHost.stat(dir.resolve("nope.img").toString())).isEqualTo(LibxlDefaultsHost.PathKind.MISSING);
        DomainConfig.Disk missing = new DomainConfig.Disk(null, dir.resolve("nope.img").toString(), "xvda", null,
                DomainConfig.DiskFormat.RAW, null, 0, 1, 0, false, null, null, null, null);
        assertThatThrownBy(() -> LibxlDefaultsDevices.disk(missing, DomainConfig.DomainType.PV,
                LibxlDefaultsHost.debianX86().withPaths(LibxlDefaultsHost::stat)))
                .hasMessage("Disk vdev=xvda failed to stat: " + dir.resolve("nope.img") + ": No such file or directory");
    }
}
