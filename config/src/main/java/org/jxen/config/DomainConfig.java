package org.jxen.config;

import java.util.List;


/**
 * A domain's configuration, shaped as libxl's {@code libxl_domain_config} (libxl_types.idl in Xen
 * 4.17): what xl hands to libxl, and what {@code xl -N create} prints as JSON. A null field or an
 * empty list is "not set": libxl picks its default, and the JSON leaves it out.
 */
public record DomainConfig(CreateInfo cInfo, BuildInfo bInfo, List<Disk> disks, List<Nic> nics,
                           Action onPoweroff, Action onReboot, Action onWatchdog, Action onCrash, Action onSoftReset) {
    public DomainConfig {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    /** {@code libxl_domain_type}. */
    public enum DomainType { HVM, PV, PVH }

    /** {@code libxl_action_on_shutdown}; destroy is libxl's default. */
    public enum Action { DESTROY, RESTART, RESTART_RENAME, PRESERVE, COREDUMP_DESTROY, COREDUMP_RESTART, SOFT_RESET }

    /** {@code libxl_tsc_mode}. */
    public enum TscMode { DEFAULT, ALWAYS_EMULATE, NATIVE, NATIVE_PARAVIRT }

    /** {@code libxl_disk_format}. */
    public enum DiskFormat { UNKNOWN, QCOW, QCOW2, VHD, RAW, EMPTY, QED }

    /** {@code libxl_disk_backend}. */
    public enum DiskBackend { UNKNOWN, PHY, TAP, QDISK, STANDALONE }

    /** {@code libxl_nic_type}. */
    public enum NicType { UNKNOWN, VIF_IOEMU, VIF }

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

    /** {@code libxl_domain_create_info}: what the domain is. */
    public record CreateInfo(DomainType type, Boolean hap, String name, String uuid, String poolName,
                             Boolean runHotplugScripts, Boolean driverDomain) {
    }

    /** {@code libxl_domain_sched_params}: credit/credit2 weight and cap. */
    public record SchedParams(Integer weight, Integer cap) {
        public static final SchedParams NONE = new SchedParams(null, null);
    }

    /**
     * {@code libxl_domain_build_info}: how to build it. vCPU sets are the indexes of set bits;
     * {@code vcpuHardAffinity}/{@code vcpuSoftAffinity} hold one set per vCPU.
     */
    public record BuildInfo(Integer maxVcpus, List<Integer> availVcpus,
                            List<List<Integer>> vcpuHardAffinity, List<List<Integer>> vcpuSoftAffinity,
                            Boolean numaPlacement, TscMode tscMode, Long maxMemkb, Long targetMemkb,
                            Long videoMemkb, Long shadowMemkb, Long rtcTimeoffset,
                            Boolean localtime, Boolean disableMigrate, Integer maxGrantFrames,
                            Integer maxMaptrackFrames, Integer maxGrantVersion, DeviceModelVersion deviceModelVersion,
                            List<String> extraHvm, SchedParams schedParams,
                            Boolean claimMode, Integer eventChannels, String kernel, String cmdline,
                            String ramdisk, Boolean acpi, String bootloader, List<String> bootloaderArgs,
                            TimerMode timerMode, Boolean nestedHvm, Boolean apic, TypeInfo typeInfo) {
        public BuildInfo {
            availVcpus = copy(availVcpus);
            vcpuHardAffinity = copy(vcpuHardAffinity);
            vcpuSoftAffinity = copy(vcpuSoftAffinity);
            extraHvm = copy(extraHvm);
            bootloaderArgs = copy(bootloaderArgs);
        }
    }

    /** The part of the build info that depends on the domain type (libxl's keyed union {@code u}). */
    public sealed interface TypeInfo {
    }

    /** {@code type.pv}. */
    public record PvInfo(Boolean e820Host) implements TypeInfo {
    }

    /** {@code type.pvh}. */
    public record PvhInfo() implements TypeInfo {
    }

    /** {@code type.hvm}; vga, vnc, sdl and spice are objects in the JSON even when empty. */
    public record HvmInfo(BiosType bios, Boolean pae, Boolean acpiS3, Boolean acpiS4, List<Integer> viridianEnable,
                          List<Integer> viridianDisable, Boolean hpet, Boolean vptAlign, Boolean nographic,
                          VgaKind vga, Vnc vnc, String keymap, Sdl sdl, Spice spice, String serial, String boot,
                          Boolean usb, String usbdevice, String soundhw, Boolean xenPlatformPci, List<String> usbdeviceList,
                          List<String> serialList) implements TypeInfo {
        public HvmInfo {
            viridianEnable = copy(viridianEnable);
            viridianDisable = copy(viridianDisable);
            usbdeviceList = copy(usbdeviceList);
            serialList = copy(serialList);
        }
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

    /** {@code libxl_device_disk}. */
    public record Disk(String backendDomname, String pdevPath, String vdev, DiskBackend backend, DiskFormat format,
                       String script, Integer removable, Integer readwrite, Integer isCdrom,
                       Boolean directIoSafe, Boolean discardEnable) {
    }

    /** {@code libxl_device_nic}. */
    public record Nic(String backendDomname, int devid, Integer mtu, String model, String mac, String ip,
                      String bridge, String ifname, String script, NicType nictype,
                      Long rateBytesPerInterval, Long rateIntervalUsecs, String gatewaydev, Boolean trusted) {
    }

    private static <T> List<T> copy(List<T> l) {
        return l == null ? null : List.copyOf(l);
    }

    /** The JSON name of an enum constant: libxl's own spelling in lower case. */
    static String jsonName(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

}
