package org.jxen.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * A domain's configuration, shaped as libxl's {@code libxl_domain_config} (libxl_types.idl in Xen
 * 4.17): what xl hands to libxl, and what {@code xl -N create} prints as JSON. A null field or an
 * empty list is "not set": libxl picks its default, and the JSON leaves it out.
 */
public record DomainConfig(CreateInfo cInfo, BuildInfo bInfo, List<Disk> disks, List<Nic> nics, List<Pci> pcidevs,
                           List<Dtdev> dtdevs, List<Vfb> vfbs, List<Vkb> vkbs, List<Vtpm> vtpms, List<P9> p9s,
                           List<Pvcallsif> pvcallsifs, List<Vdispl> vdispls, List<Vsnd> vsnds, List<Channel> channels,
                           List<Usbctrl> usbctrls, List<Usbdev> usbdevs,
                           Action onPoweroff, Action onReboot, Action onWatchdog, Action onCrash, Action onSoftReset) {
    public DomainConfig {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        pcidevs = List.copyOf(pcidevs);
        dtdevs = List.copyOf(dtdevs);
        vfbs = List.copyOf(vfbs);
        vkbs = List.copyOf(vkbs);
        vtpms = List.copyOf(vtpms);
        p9s = List.copyOf(p9s);
        pvcallsifs = List.copyOf(pvcallsifs);
        vdispls = List.copyOf(vdispls);
        vsnds = List.copyOf(vsnds);
        channels = List.copyOf(channels);
        usbctrls = List.copyOf(usbctrls);
        usbdevs = List.copyOf(usbdevs);
    }

    /** {@code libxl_domain_type}. */
    public enum DomainType { HVM, PV, PVH }

    /** {@code libxl_action_on_shutdown}; destroy is libxl's default. */
    public enum Action { DESTROY, RESTART, RESTART_RENAME, PRESERVE, COREDUMP_DESTROY, COREDUMP_RESTART, SOFT_RESET }

    /** {@code libxl_tsc_mode} but default, which is null. */
    public enum TscMode { ALWAYS_EMULATE, NATIVE, NATIVE_PARAVIRT }

    /** {@code libxl_disk_format} but unknown, the default. */
    public enum DiskFormat { QCOW, QCOW2, VHD, RAW, EMPTY, QED }

    /** {@code libxl_disk_specification} but unknown, the default: the protocol the guest sees (virtio on Arm). */
    public enum DiskSpecification { XEN, VIRTIO }

    /** {@code libxl_disk_backend} but unknown, the default. */
    public enum DiskBackend { PHY, TAP, QDISK, STANDALONE }

    /**
     * A NIC's COLO (fault tolerance) settings, strings xl copies from a vif spec into libxl's NIC, in
     * libxl's IDL order; the spec's key is the field's name, but {@code forwarddev} for the first.
     */
    public enum ColoField {
        COLOFT_FORWARDDEV, COLO_SOCK_MIRROR_ID, COLO_SOCK_MIRROR_IP, COLO_SOCK_MIRROR_PORT,
        COLO_SOCK_COMPARE_PRI_IN_ID, COLO_SOCK_COMPARE_PRI_IN_IP, COLO_SOCK_COMPARE_PRI_IN_PORT,
        COLO_SOCK_COMPARE_SEC_IN_ID, COLO_SOCK_COMPARE_SEC_IN_IP, COLO_SOCK_COMPARE_SEC_IN_PORT,
        COLO_SOCK_COMPARE_NOTIFY_ID, COLO_SOCK_COMPARE_NOTIFY_IP, COLO_SOCK_COMPARE_NOTIFY_PORT,
        COLO_SOCK_REDIRECTOR0_ID, COLO_SOCK_REDIRECTOR0_IP, COLO_SOCK_REDIRECTOR0_PORT, COLO_SOCK_REDIRECTOR1_ID,
        COLO_SOCK_REDIRECTOR1_IP, COLO_SOCK_REDIRECTOR1_PORT, COLO_SOCK_REDIRECTOR2_ID, COLO_SOCK_REDIRECTOR2_IP,
        COLO_SOCK_REDIRECTOR2_PORT, COLO_FILTER_MIRROR_QUEUE, COLO_FILTER_MIRROR_OUTDEV,
        COLO_FILTER_REDIRECTOR0_QUEUE, COLO_FILTER_REDIRECTOR0_INDEV, COLO_FILTER_REDIRECTOR0_OUTDEV,
        COLO_FILTER_REDIRECTOR1_QUEUE, COLO_FILTER_REDIRECTOR1_INDEV, COLO_FILTER_REDIRECTOR1_OUTDEV,
        COLO_COMPARE_PRI_IN, COLO_COMPARE_SEC_IN, COLO_COMPARE_OUT, COLO_COMPARE_NOTIFY_DEV,
        COLO_SOCK_SEC_REDIRECTOR0_ID, COLO_SOCK_SEC_REDIRECTOR0_IP, COLO_SOCK_SEC_REDIRECTOR0_PORT,
        COLO_SOCK_SEC_REDIRECTOR1_ID, COLO_SOCK_SEC_REDIRECTOR1_IP, COLO_SOCK_SEC_REDIRECTOR1_PORT,
        COLO_FILTER_SEC_REDIRECTOR0_QUEUE, COLO_FILTER_SEC_REDIRECTOR0_INDEV, COLO_FILTER_SEC_REDIRECTOR0_OUTDEV,
        COLO_FILTER_SEC_REDIRECTOR1_QUEUE, COLO_FILTER_SEC_REDIRECTOR1_INDEV, COLO_FILTER_SEC_REDIRECTOR1_OUTDEV,
        COLO_FILTER_SEC_REWRITER0_QUEUE, COLO_CHECKPOINT_HOST, COLO_CHECKPOINT_PORT;

        /** The key of a vif spec that sets this field. */
        public String xlKey() {
            return this == COLOFT_FORWARDDEV ? "forwarddev" : jsonName(this);
        }
    }

    /** {@code libxl_nic_type} but unknown, the default. */
    public enum NicType { VIF_IOEMU, VIF }

    /** {@code libxl_bios_type}. */
    public enum BiosType { ROMBIOS, SEABIOS, OVMF }

    /** {@code libxl_vga_interface_type}. */
    public enum VgaKind { CIRRUS, STD, NONE, QXL }

    /** {@code libxl_timer_mode}. */
    public enum TimerMode { DELAY_FOR_MISSED_TICKS, NO_DELAY_FOR_MISSED_TICKS, NO_MISSED_TICKS_PENDING, ONE_MISSED_TICK_PENDING }

    /** {@code libxl_device_model_version}. */
    public enum DeviceModelVersion { QEMU_XEN_TRADITIONAL, QEMU_XEN }

    /** {@code libxl_viridian_enlightenment}: the bit numbers of viridian_enable/viridian_disable. */
    public enum Viridian { BASE, FREQ, TIME_REF_COUNT, REFERENCE_TSC, HCALL_REMOTE_TLB_FLUSH, APIC_ASSIST, CRASH_CTL,
        SYNIC, STIMER, HCALL_IPI, EX_PROCESSOR_MASKS, NO_VP_LIMIT, CPU_HOTPLUG }

    /** {@code libxl_passthrough} but default. */
    public enum Passthrough { DISABLED, ENABLED, SYNC_PT, SHARE_PT }

    /** {@code libxl_tee_type} but none, the default. */
    public enum TeeType { OPTEE }

    /** {@code libxl_vuart_type} but unknown, the default. */
    public enum VuartType { SBSA_UART }

    /** {@code libxl_altp2m_mode} but disabled, the default. */
    public enum Altp2mMode { MIXED, EXTERNAL, LIMITED }

    /** {@code libxl_vendor_device} but none, the default. */
    public enum VendorDevice { XENSERVER }

    /** {@code libxl_hdtype} but ide, the default. */
    public enum HdType { AHCI }

    /** {@code libxl_gfx_passthru_kind} but default. */
    public enum GfxPassthruKind { IGD }

    /** {@code libxl_rdm_reserve_strategy} but ignore, the default. */
    public enum RdmStrategy { HOST }

    /** {@code libxl_rdm_reserve_policy} but invalid, the default (not set). */
    public enum RdmPolicy { STRICT, RELAXED }

    /** {@code libxl_vkb_backend} but unknown, the default. */
    public enum VkbBackend { QEMU, LINUX }

    /** {@code libxl_usbctrl_type} but auto, the default. */
    public enum UsbctrlType { PV, DEVICEMODEL, QUSB }

    /** {@code libxl_vsnd_pcm_format}. */
    public enum PcmFormat { S8, U8, S16_LE, S16_BE, U16_LE, U16_BE, S24_LE, S24_BE, U24_LE, U24_BE, S32_LE, S32_BE,
        U32_LE, U32_BE, F32_LE, F32_BE, F64_LE, F64_BE, IEC958_SUBFRAME_LE, IEC958_SUBFRAME_BE, MU_LAW, A_LAW,
        IMA_ADPCM, MPEG, GSM }

    /** {@code libxl_vsnd_stream_type}: playback or capture. */
    public enum StreamType { P, C }

    /**
     * {@code libxl_domain_create_info}: what the domain is. {@code xsdata} and {@code platformdata}
     * are libxl's key-value lists (xl never sets them; XAPI's toolstack does): libxl writes each
     * entry under the domain's XenStore home and its {@code platform/} directory, a relative key
     * with slashes making the directories on its way, an entry without a value skipped. Null when
     * empty, as libxl leaves an empty list out of its JSON.
     */
    public record CreateInfo(DomainType type, Boolean hap, Boolean oos, String ssidLabel, String name, String uuid,
                             Map<String, String> xsdata, Map<String, String> platformdata,
                             String poolName, Boolean runHotplugScripts, Boolean driverDomain, Passthrough passthrough,
                             Boolean xendSuspendEvtchnCompat) {
        public CreateInfo {
            xsdata = keyValueList(xsdata);
            platformdata = keyValueList(platformdata);
        }

        /** This one with {@code name} and {@code uuid}. */
        public CreateInfo named(String newName, String newUuid) {
            return new CreateInfo(type, hap, oos, ssidLabel, newName, newUuid, xsdata, platformdata, poolName,
                    runHotplugScripts, driverDomain, passthrough, xendSuspendEvtchnCompat);
        }

        /** This one with {@code data} as its {@code xsdata} (null or empty: none). */
        public CreateInfo withXsdata(Map<String, String> data) {
            return new CreateInfo(type, hap, oos, ssidLabel, name, uuid, data, platformdata, poolName,
                    runHotplugScripts, driverDomain, passthrough, xendSuspendEvtchnCompat);
        }

        /** An unmodifiable copy in the given order, null values kept (libxl's list may hold a key without a value); null when empty. */
        private static Map<String, String> keyValueList(Map<String, String> entries) {
            return entries == null || entries.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /** This config with {@code c} as its create info. */
    public DomainConfig withCreateInfo(CreateInfo c) {
        return new DomainConfig(c, bInfo, disks, nics, pcidevs, dtdevs, vfbs, vkbs, vtpms, p9s, pvcallsifs, vdispls,
                vsnds, channels, usbctrls, usbdevs, onPoweroff, onReboot, onWatchdog, onCrash, onSoftReset);
    }

    /**
     * {@code libxl_domain_sched_params}: credit and credit2's weight and cap, RTDS's period and
     * extratime, and SEDF's slice and latency (Xen has no SEDF now; xl still reads them).
     */
    public record SchedParams(Integer weight, Integer cap, Integer period, Integer extratime, Integer slice,
                              Integer latency) {
    }

    /**
     * {@code libxl_domain_build_info}: how to build it. vCPU sets are the indexes of set bits;
     * {@code vcpuHardAffinity}/{@code vcpuSoftAffinity} hold one set per vCPU.
     */
    public record BuildInfo(Integer maxVcpus, List<Integer> availVcpus,
                            List<List<Integer>> vcpuHardAffinity, List<List<Integer>> vcpuSoftAffinity,
                            Boolean numaPlacement, TscMode tscMode, @LibxlRecords.Unsigned Long maxMemkb,
                            @LibxlRecords.Unsigned Long targetMemkb, @LibxlRecords.Unsigned Long videoMemkb, @LibxlRecords.Unsigned Long shadowMemkb,
                            Long rtcTimeoffset, String execSsidLabel,
                            Boolean localtime, Boolean disableMigrate, CpuidPolicy cpuid, List<Vnode> vnumaNodes,
                            Integer maxGrantFrames, Integer maxMaptrackFrames, Integer maxGrantVersion,
                            DeviceModelVersion deviceModelVersion, Boolean deviceModelStubdomain,
                            @LibxlRecords.Unsigned Long stubdomainMemkb,
                            String stubdomainKernel, String stubdomainCmdline, String stubdomainRamdisk,
                            String deviceModel, String deviceModelSsidLabel, String deviceModelUser,
                            List<String> extra, List<String> extraPv, List<String> extraHvm, SchedParams schedParams,
                            List<IoportRange> ioports, List<Integer> irqs, List<IomemRange> iomem,
                            Boolean claimMode, @LibxlRecords.Unsigned Integer eventChannels, String kernel, String cmdline,
                            String ramdisk, String deviceTree, Boolean acpi, String bootloader, List<String> bootloaderArgs,
                            TimerMode timerMode, Boolean nestedHvm, Boolean apic, Boolean dmRestrict, TeeType tee,
                            @LibxlRecords.Name("type") TypeInfo typeInfo, ArchArm archArm, ArchX86 archX86,
                            Altp2mMode altp2m, int vmtraceBufKb, Boolean vpmu) {
        public BuildInfo {
            availVcpus = copy(availVcpus);
            vcpuHardAffinity = copy(vcpuHardAffinity);
            vcpuSoftAffinity = copy(vcpuSoftAffinity);
            vnumaNodes = List.copyOf(vnumaNodes);
            extra = copy(extra);
            extraPv = copy(extraPv);
            extraHvm = copy(extraHvm);
            ioports = List.copyOf(ioports);
            irqs = copy(irqs);
            iomem = List.copyOf(iomem);
            bootloaderArgs = copy(bootloaderArgs);
        }
    }

    /** The part of the build info that depends on the domain type (libxl's keyed union {@code u}). */
    public sealed interface TypeInfo {
    }

    /** {@code type.pv}. */
    @LibxlRecords.Name("pv")
    public record PvInfo(Boolean e820Host) implements TypeInfo {
    }

    /** {@code type.pvh}. */
    @LibxlRecords.Name("pvh")
    public record PvhInfo(Boolean pvshim, String pvshimPath, String pvshimCmdline, String pvshimExtra) implements TypeInfo {
    }

    /** {@code type.hvm}; vga, vnc, sdl, spice and rdm are objects in the JSON even when empty. */
    @LibxlRecords.Name("hvm")
    public record HvmInfo(String firmware, BiosType bios, Boolean pae, Boolean acpiS3, Boolean acpiS4,
                          Boolean acpiLaptopSlate, Boolean nx, Boolean viridian, List<Integer> viridianEnable,
                          List<Integer> viridianDisable, Boolean hpet, Boolean vptAlign,
                          @LibxlRecords.Unsigned Long mmioHoleMemkb,
                          Boolean altp2m, String systemFirmware, String smbiosFirmware, String acpiFirmware,
                          HdType hdtype, Boolean nographic, Vga vga, Vnc vnc, String keymap, Sdl sdl, Spice spice,
                          Boolean gfxPassthru, GfxPassthruKind gfxPassthruKind, String serial, String boot,
                          Boolean usb, Integer usbversion, String usbdevice, Boolean vkbDevice, String soundhw,
                          Boolean xenPlatformPci, List<String> usbdeviceList, VendorDevice vendorDevice,
                          List<Integer> msVmGenid, List<String> serialList, RdmReserve rdm, Long rdmMemBoundaryMemkb,
                          Long mcaCaps) implements TypeInfo {
        public HvmInfo {
            viridianEnable = copy(viridianEnable);
            viridianDisable = copy(viridianDisable);
            usbdeviceList = copy(usbdeviceList);
            msVmGenid = copy(msVmGenid);
            serialList = copy(serialList);
        }
    }

    /** {@code arch_arm}: only the vUART is read from xl.cfg on x86 hosts. */
    public record ArchArm(VuartType vuart) {
    }

    /** {@code arch_x86}. */
    public record ArchX86(Boolean msrRelaxed) {
    }

    /** {@code libxl_cpuid_policy_list} as libxl prints it: the CPUID leaves set, then the MSRs. */
    public record CpuidPolicy(@LibxlRecords.AlwaysWritten List<CpuidLeaf> cpuid,
                              @LibxlRecords.AlwaysWritten List<Msr> msr) {
        public CpuidPolicy {
            cpuid = List.copyOf(cpuid);
            msr = List.copyOf(msr);
        }
    }

    /**
     * One CPUID leaf's policy: per register 32 characters, bit 31 first ({@code x} keeps the
     * default); a null subleaf is libxl's "none", a null register one the config left alone.
     */
    public record CpuidLeaf(@LibxlRecords.AlwaysWritten long leaf, Long subleaf, String eax, String ebx, String ecx, String edx) {
    }

    /** One MSR's policy: 64 characters, bit 63 first. */
    public record Msr(@LibxlRecords.AlwaysWritten long index, String policy) {
    }

    /** {@code libxl_vnode_info}: one virtual NUMA node; its memkb null (libxl's default) where no size= was given. */
    public record Vnode(@LibxlRecords.Unsigned Long memkb, @LibxlRecords.Unsigned List<Integer> distances,
                        int pnode, List<Integer> vcpus) {
        public Vnode {
            distances = copy(distances);
            vcpus = copy(vcpus);
        }
    }

    /** {@code libxl_ioport_range}: 32-bit unsigned values. */
    public record IoportRange(long first, long number) {
    }

    /** {@code libxl_iomem_range}; page numbers, the guest's frame not set for a 1:1 mapping. */
    public record IomemRange(@LibxlRecords.Unsigned long start, @LibxlRecords.Unsigned long number,
                             @LibxlRecords.Unsigned Long gfn) {
    }

    /** {@code libxl_vga_interface_info}. */
    public record Vga(VgaKind kind) {
    }

    /** {@code libxl_vnc_info}. */
    public record Vnc(Boolean enable, String listen, String passwd, Integer display, Boolean findunused) {
    }

    /** {@code libxl_sdl_info}. */
    public record Sdl(Boolean enable, Boolean opengl, String display, String xauthority) {
    }

    /** {@code libxl_spice_info}. */
    public record Spice(Boolean enable, Integer port, Integer tlsPort, String host, Boolean disableTicketing,
                        String passwd, Boolean agentMouse, Boolean vdagent, Boolean clipboardSharing,
                        Integer usbredirection, String imageCompression, String streamingVideo) {
    }

    /** {@code libxl_rdm_reserve}. */
    public record RdmReserve(RdmStrategy strategy, RdmPolicy policy) {
    }

    /** {@code libxl_device_disk}. */
    public record Disk(String backendDomname, String pdevPath, String vdev, DiskBackend backend, DiskFormat format,
                       String script, Integer removable, Integer readwrite, Integer isCdrom,
                       boolean directIoSafe, Boolean discardEnable, DiskSpecification specification, Boolean coloEnable,
                       Boolean coloRestoreEnable) {
    }

    /** {@code libxl_device_nic}. */
    public record Nic(String backendDomname, Integer devid, Integer mtu, String model, String mac, String ip,
                      String bridge, String ifname, String script, NicType nictype,
                      Long rateBytesPerInterval, Long rateIntervalUsecs, String gatewaydev,
                      @LibxlRecords.Inline Map<ColoField, String> colo, Boolean trusted) {
        public Nic {
            colo = colo == null || colo.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(colo));
        }

        /** This NIC as device {@code id} (null: the toolstack picks the next free one). */
        public Nic withDevid(Integer id) {
            return new Nic(backendDomname, id, mtu, model, mac, ip, bridge, ifname, script, nictype,
                    rateBytesPerInterval, rateIntervalUsecs, gatewaydev, colo, trusted);
        }
    }

    /** {@code libxl_device_pci}: a host device by domain:bus:device.function, and how to pass it through. */
    public record Pci(int func, int dev, int bus, int domain, int vdevfn, long vfuncMask, boolean msitranslate,
                      boolean powerMgmt, boolean permissive, boolean seize, RdmPolicy rdmPolicy, String name) {
    }

    /** {@code libxl_device_dtdev}. */
    public record Dtdev(String path) {
    }

    /** {@code libxl_device_vfb}. */
    public record Vfb(String backendDomname, Integer devid, Vnc vnc, Sdl sdl, String keymap) {
    }

    /** {@code libxl_device_vkb}. */
    public record Vkb(String backendDomname, Integer devid, VkbBackend backendType, String uniqueId,
                      boolean featureDisableKeyboard, boolean featureDisablePointer, boolean featureAbsPointer,
                      boolean featureRawPointer, boolean featureMultiTouch, @LibxlRecords.Unsigned int width,
                      @LibxlRecords.Unsigned int height, @LibxlRecords.Unsigned int multiTouchWidth, @LibxlRecords.Unsigned int multiTouchHeight,
                      @LibxlRecords.Unsigned int multiTouchNumContacts) {
    }

    /** {@code libxl_device_vtpm}. */
    public record Vtpm(String backendDomname, Integer devid, String uuid) {
    }

    /** {@code libxl_device_p9}. */
    public record P9(String backendDomname, String tag, String path, String securityModel, Integer devid) {
    }

    /** {@code libxl_device_pvcallsif}. */
    public record Pvcallsif(String backendDomname, Integer devid) {
    }

    /** {@code libxl_device_vdispl}. */
    public record Vdispl(String backendDomname, Integer devid, boolean beAlloc, List<Connector> connectors) {
        public Vdispl {
            connectors = List.copyOf(connectors);
        }
    }

    /** {@code libxl_connector_param}. */
    public record Connector(String uniqueId, @LibxlRecords.Unsigned int width, @LibxlRecords.Unsigned int height) {
    }

    /** {@code libxl_device_vsnd}: a sound card with its PCM devices. */
    public record Vsnd(String backendDomname, Integer devid, String shortName, String longName, VsndParams params,
                       List<VsndPcm> pcms) {
        public Vsnd {
            pcms = List.copyOf(pcms);
        }
    }

    /** {@code libxl_vsnd_params}, at card, PCM or stream level. */
    public record VsndParams(@LibxlRecords.Unsigned List<Integer> sampleRates, List<PcmFormat> sampleFormats,
                             @LibxlRecords.Unsigned int channelsMin, @LibxlRecords.Unsigned int channelsMax,
                             @LibxlRecords.Unsigned int bufferSize) {
        public VsndParams {
            sampleRates = copy(sampleRates);
            sampleFormats = copy(sampleFormats);
        }
    }

    /** {@code libxl_vsnd_pcm}. */
    public record VsndPcm(String name, VsndParams params, List<VsndStream> streams) {
        public VsndPcm {
            streams = List.copyOf(streams);
        }
    }

    /** {@code libxl_vsnd_stream}. */
    public record VsndStream(String uniqueId, StreamType type, VsndParams params) {
    }

    /** {@code libxl_device_channel}. */
    public record Channel(String backendDomname, Integer devid, String name, ChannelConnection connection) {
    }

    /** How a channel's backend is implemented (libxl's keyed union on {@code connection}). */
    public sealed interface ChannelConnection {
    }

    /** {@code connection.pty}. */
    @LibxlRecords.Name("pty")
    public record PtyConnection() implements ChannelConnection {
    }

    /** {@code connection.socket}. */
    @LibxlRecords.Name("socket")
    public record SocketConnection(String path) implements ChannelConnection {
    }

    /** {@code libxl_device_usbctrl}. */
    public record Usbctrl(UsbctrlType type, Integer devid, Integer version, Integer ports, String backendDomname) {
    }

    /** {@code libxl_device_usbdev}. */
    public record Usbdev(Integer ctrl, Integer port, @LibxlRecords.Name("type") UsbdevKind kind) {
    }

    /** A USB device's kind (libxl's keyed union on {@code type}). */
    public sealed interface UsbdevKind {
    }

    /** {@code type.hostdev}: a host USB device by bus and address. */
    @LibxlRecords.Name("hostdev")
    public record HostUsbdev(int hostbus, int hostaddr) implements UsbdevKind {
    }

    /**
     * A bitmap, array or string list of libxl: empty is its default, "not set", which libxl's JSON
     * leaves out, so an empty list is held as null.
     */
    private static <T> List<T> copy(List<T> l) {
        return l == null || l.isEmpty() ? null : List.copyOf(l);
    }

    /** The JSON name of an enum constant: libxl's own spelling in lower case. */
    public static String jsonName(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

}
