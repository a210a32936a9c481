package org.jxen.xen;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * libxl (libxenlight), the library {@code xl} is built on, through FFM: one {@code libxl_ctx} and
 * the calls a toolstack makes. Structures go in and out as libxl's own JSON ({@code
 * libxl_<type>_from_json} and {@code _to_json}), so this code depends on the layout of none of the
 * big ones: it only allocates room for them ({@link #STRUCT_BYTES}, more than any of them needs)
 * and steps through the arrays libxl returns by their element sizes, which {@code
 * LibxlBindingsTest} checks against the installed headers with gcc, with the few fields read
 * directly ({@code libxl_bitmap}, {@code libxl_event}'s domid, type and shutdown reason).
 *
 * <p>Every function is looked up when first called: a libxl without one (another Xen version)
 * fails that call alone, with an error naming the function. Calls are synchronous ({@code ao_how}
 * NULL) and may come from any thread: libxl's context is thread-safe. libxl reaps only its own
 * children ({@code libxl_sigchld_owner_libxl_always_selective_reap}), so the JVM's child processes
 * stay the JVM's.
 */
public final class Libxl implements AutoCloseable {
    /** Room for any libxl structure this class has libxl fill (libxl_domain_config is 1,288 bytes in 4.17). */
    static final int STRUCT_BYTES = 16384;
    static final long DOMINFO_BYTES = 120;
    static final long VCPUINFO_BYTES = 56;
    static final long NUMAINFO_BYTES = 32;
    static final long CPUTOPOLOGY_BYTES = 12;
    static final long EVENT_DOMID = 16;
    static final long EVENT_TYPE = 48;
    static final long EVENT_SHUTDOWN_REASON = 56;
    static final int SIGCHLD_OWNER_LIBXL_ALWAYS_SELECTIVE_REAP = 3;
    static final int CONSOLE_TYPE_PV = 2;
    private static final int XTL_INFO = 5;
    private static final int XTL_STDIOSTREAM_HIDE_PROGRESS = 4;
    private static final long EVENTMASK_ALL = -1L;

    private static final FunctionDescriptor CTX_DOMID = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor TO_JSON = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor FROM_JSON = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor ON_STRUCT = FunctionDescriptor.ofVoid(ADDRESS);
    private static final FunctionDescriptor LIST_FREE = FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT);
    private static final ValueLayout.OfLong BIG_ENDIAN_LONG = JAVA_LONG.withOrder(java.nio.ByteOrder.BIG_ENDIAN)
            .withByteAlignment(1);
    /** {@code libxl_uuid}, passed by value: its 16 bytes in the order the UUID's text names them. */
    static final StructLayout UUID_LAYOUT = MemoryLayout.structLayout(MemoryLayout.sequenceLayout(16, JAVA_BYTE));

    private static final Map<String, FunctionDescriptor> SIGNATURES = Map.ofEntries(
            Map.entry("libxl_ctx_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
            Map.entry("libxl_ctx_free", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
            Map.entry("libxl_childproc_setmode", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_domain_create_new", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_domain_create_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
                    JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_domain_suspend", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)),
            Map.entry("libxl_domain_resume", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
            Map.entry("libxl_domain_destroy", CTX_DOMID),
            Map.entry("libxl_domain_shutdown", CTX_DOMID),
            Map.entry("libxl_domain_reboot", CTX_DOMID),
            Map.entry("libxl_domain_pause", CTX_DOMID),
            Map.entry("libxl_domain_unpause", CTX_DOMID),
            Map.entry("libxl_domain_rename", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_send_sysrq", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_BYTE)),
            Map.entry("libxl_domain_core_dump", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_domain_preserve", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                    UUID_LAYOUT)),
            Map.entry("libxl_domain_info", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
            Map.entry("libxl_list_domain", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_domid_to_name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
            Map.entry("libxl_list_vcpu", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_set_vcpuonline", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_set_vcpuaffinity", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_set_memory_target", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("libxl_domain_setmaxmem", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG)),
            Map.entry("libxl_domain_sched_params_get", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
            Map.entry("libxl_domain_sched_params_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
            Map.entry("libxl_sched_credit2_params_get", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
            Map.entry("libxl_sched_credit2_params_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
            Map.entry("libxl_device_disk_add", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_device_disk_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_vdev_to_device_disk", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_device_nic_add", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_device_nic_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_devid_to_device_nic", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
            Map.entry("libxl_get_physinfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_get_numainfo", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_get_cpu_topology", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_get_version_info", FunctionDescriptor.of(ADDRESS, ADDRESS)),
            Map.entry("libxl_retrieve_domain_configuration", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)),
            Map.entry("libxl_console_get_tty", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)),
            Map.entry("libxl_xen_console_read_start", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)),
            Map.entry("libxl_xen_console_read_line", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
            Map.entry("libxl_xen_console_read_finish", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)),
            Map.entry("libxl_evenable_domain_death", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS)),
            Map.entry("libxl_evdisable_domain_death", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)),
            Map.entry("libxl_event_wait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS)),
            Map.entry("libxl_event_free", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS)));

    /** libxl's structure types handled through JSON: {@code libxl_<type>_init}, {@code _dispose}, {@code _to_json}, {@code _from_json}. */
    private static final List<String> JSON_TYPES = List.of("domain_config", "domain_create_info", "domain_restore_params",
            "dominfo", "vcpuinfo", "domain_sched_params", "sched_credit2_params", "device_disk", "device_nic", "physinfo",
            "numainfo", "cputopology", "version_info");

    /** The one of them that holds no pointers, so libxl has no {@code _dispose} for it. */
    private static final String NOTHING_TO_DISPOSE = "sched_credit2_params";

    private static final NativeLibrary.OnFirstUse<NativeLibrary> XENLIGHT = new NativeLibrary.OnFirstUse<>() {
        @Override
        protected NativeLibrary make() {
            return NativeLibrary.load("libxenmisc4.17 (or the libxenlight of the installed Xen)", "libxenlight.so",
                    "libxenlight.so.4.17", "libxenlight.so.4.18", "libxenlight.so.4.19", "libxenlight.so.4.20");
        }
    };
    private static final NativeLibrary.OnFirstUse<NativeLibrary> TOOLLOG = new NativeLibrary.OnFirstUse<>() {
        @Override
        protected NativeLibrary make() {
            return NativeLibrary.load("libxentoollog1", "libxentoollog.so.1", "libxentoollog.so");
        }
    };
    private static final Map<String, MethodHandle> HANDLES = new ConcurrentHashMap<>();

    private final MemorySegment ctx;
    private final LibxlLog log;
    private volatile boolean closed;

    /** A domain event: the domain shut down (with Xen's SHUTDOWN_* reason) or is gone. */
    public record Event(int domid, Kind kind, int shutdownReason) {
        public enum Kind { SHUTDOWN, DEATH, OTHER }
    }

    private Libxl(MemorySegment ctx, LibxlLog log) {
        this.ctx = ctx;
        this.log = log;
    }

    /** Opens a libxl context (needs dom0's privcmd and a running xenstored, as {@code xl} does). */
    public static Libxl open() {
        LibxlLog log = LibxlLog.open();
        MethodHandle createLogger = TOOLLOG.get().function("xtl_createlogger_stdiostream",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        MemorySegment logger;
        try {
            logger = (MemorySegment) createLogger.invokeExact(NativeLibrary.callState(), log.file(), XTL_INFO,
                    XTL_STDIOSTREAM_HIDE_PROGRESS);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
        MemorySegment pctx = Arena.global().allocate(ADDRESS);
        int rc = (int) invoke("libxl_ctx_alloc", pctx, 0, 0, logger);
        if (rc != 0) {
            throw new XenUnavailableException("libxl could not open its context (" + LibxlException.name(rc)
                    + "): is this Xen's dom0, with xenstored running? " + String.join("; ", log.errorsSince(0)));
        }
        MemorySegment ctx = pctx.get(ADDRESS, 0);
        // The hooks are not copied: they must outlive the context, hence global memory.
        MemorySegment hooks = Arena.global().allocate(24, 8);
        hooks.set(JAVA_INT, 0, SIGCHLD_OWNER_LIBXL_ALWAYS_SELECTIVE_REAP);
        invoke("libxl_childproc_setmode", ctx, hooks, MemorySegment.NULL);
        return new Libxl(ctx, log);
    }

    private static MethodHandle handle(String name) {
        return HANDLES.computeIfAbsent(name, n -> {
            FunctionDescriptor d = SIGNATURES.get(n);
            if (d == null) {
                d = jsonTypeSignature(n);
            }
            return XENLIGHT.get().function(n, d, "the feature that uses it is not available with the installed Xen");
        });
    }

    private static FunctionDescriptor jsonTypeSignature(String name) {
        for (String type : JSON_TYPES) {
            String prefix = "libxl_" + type + "_";
            if (name.startsWith(prefix)) {
                return switch (name.substring(prefix.length())) {
                    case "init", "dispose" -> ON_STRUCT;
                    case "to_json" -> TO_JSON;
                    case "from_json" -> FROM_JSON;
                    case "list_free" -> LIST_FREE;
                    default -> throw new IllegalArgumentException("no signature for " + name);
                };
            }
        }
        throw new IllegalArgumentException("no signature for " + name);
    }

    private static Object invoke(String name, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = NativeLibrary.callState();
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            return handle(name).invokeWithArguments(all);
        } catch (Throwable t) {
            throw NativeLibrary.failed(t);
        }
    }

    /** Calls {@code name}, which returns 0 or an {@code ERROR_*}; a failure says what libxl logged. */
    private void check(String name, String what, Object... args) {
        long mark = log.mark();
        int rc = (int) invoke(name, args);
        if (rc != 0) {
            throw new LibxlException(what, rc, log.errorsSince(mark));
        }
    }

    private Object[] withCtx(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = ctx;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** A libxl structure of {@code type}, initialised, in {@code arena}; dispose it with {@link #dispose}. */
    private static MemorySegment struct(Arena arena, String type) {
        MemorySegment p = arena.allocate(STRUCT_BYTES, 16);
        invoke("libxl_" + type + "_init", p);
        return p;
    }

    private static void dispose(String type, MemorySegment p) {
        if (!type.equals(NOTHING_TO_DISPOSE)) {
            invoke("libxl_" + type + "_dispose", p);
        }
    }

    private void fromJson(String type, MemorySegment p, String json, Arena arena) {
        check("libxl_" + type + "_from_json", "libxl could not read this " + type.replace('_', ' ') + " JSON", ctx, p,
                arena.allocateFrom(json));
    }

    private String toJson(String type, MemorySegment p) {
        String json = Libc.takeString((MemorySegment) invoke("libxl_" + type + "_to_json", ctx, p));
        if (json == null) {
            throw new LibxlException("libxl_" + type + "_to_json", -3, List.of());
        }
        return json;
    }

    /** Fills a {@code type} from {@code json}, runs {@code use} on it and disposes of it. */
    private void withStruct(String type, String json, Consumer<MemorySegment> use) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = struct(a, type);
            try {
                if (json != null) {
                    fromJson(type, p, json, a);
                }
                use.accept(p);
            } finally {
                dispose(type, p);
            }
        }
    }

    /** Creates a domain from its libxl JSON ({@code xl -N create}'s) and returns its domid; it is left paused, as xl leaves it. */
    public int createDomain(String configJson) {
        int[] domid = new int[1];
        withStruct("domain_config", configJson, cfg -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(JAVA_INT);
                out.set(JAVA_INT, 0, -1);
                check("libxl_domain_create_new", "libxl_domain_create_new", withCtx(cfg, out, MemorySegment.NULL,
                        MemorySegment.NULL));
                domid[0] = out.get(JAVA_INT, 0);
            }
        });
        return domid[0];
    }

    /**
     * Creates a domain from a libxl save stream that starts at {@code offset} in {@code file}
     * (after {@code xl}'s header), as {@code xl restore} does; left paused.
     */
    public int restoreDomain(String configJson, Path file, long offset, int streamVersion) {
        int[] domid = new int[1];
        int fd = Libc.open(file, Libc.O_RDONLY, 0);
        try {
            Libc.seek(fd, offset, file.toString());
            withStruct("domain_config", configJson, cfg -> withStruct("domain_restore_params",
                    "{\"stream_version\":" + streamVersion + "}", params -> {
                        try (Arena a = Arena.ofConfined()) {
                            MemorySegment out = a.allocate(JAVA_INT);
                            check("libxl_domain_create_restore", "libxl_domain_create_restore from " + file,
                                    withCtx(cfg, out, fd, -1, params, MemorySegment.NULL, MemorySegment.NULL));
                            domid[0] = out.get(JAVA_INT, 0);
                        }
                    }));
        } finally {
            Libc.close(fd);
        }
        return domid[0];
    }

    /**
     * Writes {@code header} and then the domain's libxl save stream to {@code file}, as {@code xl
     * save} does; the domain is left suspended (destroy it, or {@link #resume} it for a checkpoint).
     */
    public void suspendTo(int domid, Path file, byte[] header) {
        int fd = Libc.open(file, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0600);
        try {
            Libc.writeFully(fd, header, file.toString());
            check("libxl_domain_suspend", "libxl_domain_suspend of domain " + domid, withCtx(domid, fd, 0, MemorySegment.NULL));
        } finally {
            Libc.close(fd);
        }
    }

    /** Resumes a domain a checkpoint suspended ({@code suspend_cancel}: it goes on where it was). */
    public void resume(int domid) {
        check("libxl_domain_resume", "libxl_domain_resume of domain " + domid, withCtx(domid, 1, MemorySegment.NULL));
    }

    public void destroy(int domid) {
        onDomain("libxl_domain_destroy", domid);
    }

    /** Asks the guest to power off ({@code control/shutdown} = poweroff, or the ACPI button for HVM). */
    public void shutdown(int domid) {
        onDomain("libxl_domain_shutdown", domid);
    }

    public void reboot(int domid) {
        onDomain("libxl_domain_reboot", domid);
    }

    public void pause(int domid) {
        onDomain("libxl_domain_pause", domid);
    }

    public void unpause(int domid) {
        onDomain("libxl_domain_unpause", domid);
    }

    /** Writes {@code key} to the domain's {@code control/sysrq}, which its kernel watches. */
    public void sendSysrq(int domid, char key) {
        check("libxl_send_sysrq", "libxl_send_sysrq of domain " + domid, withCtx(domid, (byte) key));
    }

    private void onDomain(String call, int domid) {
        check(call, call + " of domain " + domid, withCtx(domid, MemorySegment.NULL));
    }

    public void rename(int domid, String newName) {
        try (Arena a = Arena.ofConfined()) {
            check("libxl_domain_rename", "libxl_domain_rename of domain " + domid, withCtx(domid, MemorySegment.NULL,
                    a.allocateFrom(newName)));
        }
    }

    /**
     * {@code libxl_domain_preserve}, what xl's rename-restart does before the restart: the domain
     * stays, named {@code createInfoJson}'s name with {@code suffix}, with a XenStore {@code /vm}
     * directory under {@code ownUuid}, so that a domain of the same config (name and UUID) can start.
     */
    public void preserve(int domid, String createInfoJson, String suffix, UUID ownUuid) {
        withStruct("domain_create_info", createInfoJson, info -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment uuid = a.allocate(UUID_LAYOUT);
                uuid.set(BIG_ENDIAN_LONG, 0, ownUuid.getMostSignificantBits());
                uuid.set(BIG_ENDIAN_LONG, 8, ownUuid.getLeastSignificantBits());
                check("libxl_domain_preserve", "libxl_domain_preserve of domain " + domid, withCtx(domid, info,
                        a.allocateFrom(suffix), uuid));
            }
        });
    }

    /** Writes the domain's memory and vCPU state to {@code core} ({@code libxl_domain_core_dump}, as xl's coredump-* actions). */
    public void coreDump(int domid, Path core) {
        try (Arena a = Arena.ofConfined()) {
            check("libxl_domain_core_dump", "libxl_domain_core_dump of domain " + domid + " to " + core,
                    withCtx(domid, a.allocateFrom(core.toString()), MemorySegment.NULL));
        }
    }

    /** {@code libxl_dominfo} of one domain as JSON; {@link LibxlException#ERROR_DOMAIN_NOTFOUND} when there is none. */
    public String domainInfo(int domid) {
        String[] json = new String[1];
        withStruct("dominfo", null, info -> {
            check("libxl_domain_info", "libxl_domain_info of domain " + domid, withCtx(info, domid));
            json[0] = toJson("dominfo", info);
        });
        return json[0];
    }

    /** Every domain's {@code libxl_dominfo}, as JSON, by domid. */
    public List<String> listDomains() {
        return list("dominfo", DOMINFO_BYTES, n -> (MemorySegment) invoke("libxl_list_domain", ctx, n));
    }

    /** Each vCPU's {@code libxl_vcpuinfo} as JSON. */
    public List<String> listVcpus(int domid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment nrcpus = a.allocate(JAVA_INT);
            return list("vcpuinfo", VCPUINFO_BYTES, n -> (MemorySegment) invoke("libxl_list_vcpu", ctx, domid, n, nrcpus));
        }
    }

    /** {@code libxl_numainfo} of each NUMA node, as JSON. */
    public List<String> numaNodes() {
        return list("numainfo", NUMAINFO_BYTES, n -> (MemorySegment) invoke("libxl_get_numainfo", ctx, n));
    }

    /** {@code libxl_cputopology} of each CPU, as JSON. */
    public List<String> cpuTopology() {
        return list("cputopology", CPUTOPOLOGY_BYTES, n -> (MemorySegment) invoke("libxl_get_cpu_topology", ctx, n));
    }

    private interface ListCall {
        MemorySegment call(MemorySegment countOut);
    }

    private List<String> list(String type, long stride, ListCall call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(JAVA_INT);
            long mark = log.mark();
            MemorySegment array = call.call(count);
            if (array.equals(MemorySegment.NULL)) {
                throw new LibxlException("listing libxl " + type, -3, log.errorsSince(mark));
            }
            int n = count.get(JAVA_INT, 0);
            MemorySegment all = array.reinterpret(stride * n);
            List<String> out = new ArrayList<>(n);
            try {
                for (int i = 0; i < n; i++) {
                    out.add(toJson(type, all.asSlice(i * stride, stride)));
                }
            } finally {
                invoke("libxl_" + type + "_list_free", array, n);
            }
            return out;
        }
    }

    /** The domain's name; null when it has none (or is gone). */
    public String domainName(int domid) {
        return Libc.takeString((MemorySegment) invoke("libxl_domid_to_name", ctx, domid));
    }

    /** The domain's configuration as libxl keeps it ({@code xl list -l}), as JSON. */
    public String domainConfig(int domid) {
        String[] json = new String[1];
        withStruct("domain_config", null, cfg -> {
            check("libxl_retrieve_domain_configuration", "libxl_retrieve_domain_configuration of domain " + domid,
                    withCtx(domid, cfg, MemorySegment.NULL));
            json[0] = toJson("domain_config", cfg);
        });
        return json[0];
    }

    /** {@code xl vcpu-set}: the vCPUs in {@code online} up, the others down ({@code maxVcpus} of them in all). */
    public void setOnlineVcpus(int domid, BitSet online, int maxVcpus) {
        try (Arena a = Arena.ofConfined()) {
            check("libxl_set_vcpuonline", "libxl_set_vcpuonline of domain " + domid,
                    withCtx(domid, bitmap(a, online, maxVcpus), MemorySegment.NULL));
        }
    }

    /** {@code xl vcpu-pin}: a null set leaves that affinity alone. */
    public void setVcpuAffinity(int domid, int vcpu, BitSet hard, BitSet soft, int hostCpus) {
        try (Arena a = Arena.ofConfined()) {
            check("libxl_set_vcpuaffinity", "libxl_set_vcpuaffinity of domain " + domid + " vCPU " + vcpu,
                    withCtx(domid, vcpu, hard == null ? MemorySegment.NULL : bitmap(a, hard, hostCpus),
                            soft == null ? MemorySegment.NULL : bitmap(a, soft, hostCpus)));
        }
    }

    /** A {@code libxl_bitmap} ({@code uint32_t size} in bytes, then {@code uint8_t *map}) of {@code bits} bits. */
    private static MemorySegment bitmap(Arena a, BitSet set, int bits) {
        int bytes = Math.max(1, (Math.max(bits, set.length()) + 7) / 8);
        MemorySegment map = a.allocate(bytes);
        byte[] b = set.toByteArray();
        MemorySegment.copy(b, 0, map, JAVA_BYTE, 0, Math.min(b.length, bytes));
        MemorySegment bitmap = a.allocate(16, 8);
        bitmap.set(JAVA_INT, 0, bytes);
        bitmap.set(ADDRESS, 8, map);
        return bitmap;
    }

    /** {@code xl mem-set}: the balloon target, enforced. */
    public void setMemoryTarget(int domid, long targetKb) {
        check("libxl_set_memory_target", "libxl_set_memory_target of domain " + domid, withCtx(domid, targetKb, 0, 1));
    }

    /** {@code xl mem-max}. */
    public void setMaxMemory(int domid, long maxKb) {
        check("libxl_domain_setmaxmem", "libxl_domain_setmaxmem of domain " + domid, withCtx(domid, maxKb));
    }

    /** {@code libxl_domain_sched_params} as JSON. */
    public String schedParams(int domid) {
        String[] json = new String[1];
        withStruct("domain_sched_params", null, p -> {
            check("libxl_domain_sched_params_get", "libxl_domain_sched_params_get of domain " + domid, withCtx(domid, p));
            json[0] = toJson("domain_sched_params", p);
        });
        return json[0];
    }

    /** Sets the parameters the JSON names (the others keep libxl's "leave as it is" defaults). */
    public void setSchedParams(int domid, String json) {
        withStruct("domain_sched_params", json, p -> check("libxl_domain_sched_params_set",
                "libxl_domain_sched_params_set of domain " + domid, withCtx(domid, p)));
    }

    /** credit2's {@code ratelimit_us} for CPU pool {@code poolid}. */
    public int credit2RateLimitUs(int poolid) {
        int[] out = new int[1];
        withStruct("sched_credit2_params", null, p -> {
            check("libxl_sched_credit2_params_get", "libxl_sched_credit2_params_get of pool " + poolid, withCtx(poolid, p));
            out[0] = p.get(JAVA_INT, 0);
        });
        return out[0];
    }

    public void setCredit2RateLimitUs(int poolid, int us) {
        withStruct("sched_credit2_params", "{\"ratelimit_us\":" + us + "}", p -> check("libxl_sched_credit2_params_set",
                "libxl_sched_credit2_params_set of pool " + poolid, withCtx(poolid, p)));
    }

    /** {@code xl block-attach}: a {@code libxl_device_disk} given as JSON. */
    public void addDisk(int domid, String diskJson) {
        withStruct("device_disk", diskJson, d -> check("libxl_device_disk_add", "libxl_device_disk_add to domain " + domid,
                withCtx(domid, d, MemorySegment.NULL)));
    }

    /** {@code xl block-detach} of the disk the guest sees as {@code vdev}. */
    public void removeDisk(int domid, String vdev) {
        withStruct("device_disk", null, d -> {
            try (Arena a = Arena.ofConfined()) {
                check("libxl_vdev_to_device_disk", "domain " + domid + " has no disk " + vdev,
                        withCtx(domid, a.allocateFrom(vdev), d));
            }
            check("libxl_device_disk_remove", "libxl_device_disk_remove of " + vdev + " from domain " + domid,
                    withCtx(domid, d, MemorySegment.NULL));
        });
    }

    /** {@code xl network-attach}: a {@code libxl_device_nic} given as JSON; returns the devid libxl gave it. */
    public int addNic(int domid, String nicJson) {
        int[] devid = new int[1];
        withStruct("device_nic", nicJson, n -> {
            check("libxl_device_nic_add", "libxl_device_nic_add to domain " + domid, withCtx(domid, n, MemorySegment.NULL));
            devid[0] = Integer.parseInt(jsonNumber(toJson("device_nic", n), "devid"));
        });
        return devid[0];
    }

    public void removeNic(int domid, int devid) {
        withStruct("device_nic", null, n -> {
            check("libxl_devid_to_device_nic", "domain " + domid + " has no network device " + devid, withCtx(domid, devid, n));
            check("libxl_device_nic_remove", "libxl_device_nic_remove of " + devid + " from domain " + domid,
                    withCtx(domid, n, MemorySegment.NULL));
        });
    }

    /** The first number after {@code "key": } in libxl's JSON (which prints it with a space). */
    static String jsonNumber(String json, String key) {
        int at = json.indexOf("\"" + key + "\"");
        if (at < 0) {
            throw new IllegalStateException("libxl's JSON has no " + key + ": " + json);
        }
        int i = json.indexOf(':', at) + 1;
        while (Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < json.length() && (Character.isDigit(json.charAt(i)) || json.charAt(i) == '-')) {
            i++;
        }
        return json.substring(start, i);
    }

    /** {@code libxl_physinfo} as JSON. */
    public String physinfo() {
        String[] json = new String[1];
        withStruct("physinfo", null, p -> {
            check("libxl_get_physinfo", "libxl_get_physinfo", withCtx(p));
            json[0] = toJson("physinfo", p);
        });
        return json[0];
    }

    /** {@code libxl_version_info} as JSON (Xen's version, its compile details, the command line). */
    public String versionInfo() {
        MemorySegment info = (MemorySegment) invoke("libxl_get_version_info", ctx);
        if (info.equals(MemorySegment.NULL)) {
            throw new LibxlException("libxl_get_version_info", -3, List.of());
        }
        return toJson("version_info", info);
    }

    /** The pty xenconsoled made for the domain's first PV console; null while it has made none. */
    public Path consoleTty(int domid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int rc = (int) invoke("libxl_console_get_tty", ctx, domid, 0, CONSOLE_TYPE_PV, out);
            String path = rc == 0 ? Libc.takeString(out.get(ADDRESS, 0)) : null;
            return path == null || path.isEmpty() ? null : Path.of(path);
        }
    }

    /** The hypervisor's console ring, line by line ({@code xl dmesg}). */
    public List<String> hypervisorLog() {
        MemorySegment reader = (MemorySegment) invoke("libxl_xen_console_read_start", ctx, 0);
        if (reader.equals(MemorySegment.NULL)) {
            throw new LibxlException("libxl_xen_console_read_start", -3, List.of());
        }
        List<String> lines = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment line = a.allocate(ADDRESS);
            while ((int) invoke("libxl_xen_console_read_line", ctx, reader, line) > 0) {
                lines.add(line.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0));
            }
        } finally {
            invoke("libxl_xen_console_read_finish", ctx, reader);
        }
        return lines;
    }

    /** Asks for the domain's shutdown and death events; returns the handle {@link #disableDeathEvents} takes. */
    public MemorySegment enableDeathEvents(int domid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check("libxl_evenable_domain_death", "libxl_evenable_domain_death of domain " + domid, withCtx(domid, (long) domid, out));
            return out.get(ADDRESS, 0);
        }
    }

    public void disableDeathEvents(MemorySegment handle) {
        invoke("libxl_evdisable_domain_death", ctx, handle);
    }

    /** Blocks until libxl has an event for this context. */
    public Event waitForEvent() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            check("libxl_event_wait", "libxl_event_wait", withCtx(out, EVENTMASK_ALL, MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment ev = out.get(ADDRESS, 0).reinterpret(EVENT_SHUTDOWN_REASON + 1);
            try {
                int type = ev.get(JAVA_INT, EVENT_TYPE);
                Event.Kind kind = type == 1 ? Event.Kind.SHUTDOWN : type == 2 ? Event.Kind.DEATH : Event.Kind.OTHER;
                return new Event(ev.get(JAVA_INT, EVENT_DOMID), kind, Byte.toUnsignedInt(ev.get(JAVA_BYTE, EVENT_SHUTDOWN_REASON)));
            } finally {
                invoke("libxl_event_free", ctx, ev);
            }
        }
    }

    /**
     * Frees the context. Not while a thread waits in {@link #waitForEvent} (libxl has no way to
     * wake it): a daemon leaves the context to the process's end then.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            invoke("libxl_ctx_free", ctx);
        }
    }
}
