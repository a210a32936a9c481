package org.jxen.toolstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jxen.config.DomainConfig;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.PhysInfo;
import org.jxen.hv.SchedParams;
import org.jxen.hv.VcpuInfo;

/**
 * libxl's API as a Java program needs it: what jxend, jxl and jxsim ask of a host. Two
 * implementations fit it: the JavaToolstack (libxl's job done in Java over the Hypervisor SPI and
 * XenStore) and, on real Xen, libxl itself. Domains are named by domain ID, as in libxl; {@link
 * #domid(String)} resolves a name.
 *
 * <p>Thread-safe: operations on different domains run in parallel, those on one domain one after
 * another. Every failure is a {@link ToolstackException} saying what failed and why, and leaves
 * nothing half-done: a failed create leaves no domain, XenStore node, port or mapping behind.
 */
public interface Toolstack extends AutoCloseable {
    /** Builds and starts a domain from {@code config} (with libxl's defaults filled in), paused if asked. */
    Domain create(DomainConfig config, CreateOptions options) throws ToolstackException;

    /** Destroys the domain at once and waits until Xen has let it go (its dying phase over). */
    void destroy(int domid) throws ToolstackException;

    /**
     * Asks the guest to power off, reboot or suspend through {@code control/shutdown}, as {@code
     * xl shutdown}/{@code xl reboot} do, and waits, as libxl does, up to 60 s for the guest to
     * acknowledge it (its kernel empties the node); one that does not (it has not run, or is paused)
     * fails with {@link ToolstackException.Kind#UNACKNOWLEDGED}, the request left in place. {@code wait}
     * above zero then waits that long for the domain to shut down (and its {@code on_*} action to
     * be carried out).
     */
    void shutdown(int domid, ShutdownRequest request, Duration wait) throws ToolstackException;

    /**
     * Waits up to {@code wait} for the domain to shut down (and its {@code on_*} action to be carried
     * out) or be gone, as {@code xl shutdown -w} waits after it has asked every domain; a domain ID no
     * domain has is gone. One still running at the end fails with {@link ToolstackException.Kind#TIMEOUT}.
     */
    void awaitShutdown(int domid, Duration wait) throws ToolstackException;

    void pause(int domid) throws ToolstackException;

    void unpause(int domid) throws ToolstackException;

    /** A new name; names are unique on a host. */
    void rename(int domid, String newName) throws ToolstackException;

    /**
     * As {@code xl sysrq}: the guest's kernel gets the magic SysRq key {@code key} through
     * {@code control/sysrq} ('c' crashes it, 'b' resets it, 's' syncs its disks...); what it does
     * is up to the guest. The key is one printable ASCII character ({@link #requireSysrqKey}).
     */
    void sendSysrq(int domid, char key) throws ToolstackException;

    /**
     * As {@code xl dump-core}: the domain's memory and vCPU state, as Xen's dump-core ELF file, to
     * {@code file} on the toolstack's host. The domain goes on as it was.
     */
    void dumpCore(int domid, Path file) throws ToolstackException;

    /** Refuses a SysRq key that is not one printable ASCII character: a guest kernel knows no other. */
    static void requireSysrqKey(char key) throws ToolstackException {
        if (key <= ' ' || key >= 0x7f) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, String.format("sysrq key U+%04X is not a"
                    + " printable ASCII character; send one such as c (crash), b (reset) or s (sync)", (int) key));
        }
    }

    /** Every domain the toolstack knows, by domain ID (dom0 first). */
    List<Domain> list();

    Domain domain(int domid) throws ToolstackException;

    /** The domain whose name is {@code name}; NO_SUCH_DOMAIN when none is. */
    int domid(String name) throws ToolstackException;

    /** The domain's configuration as libxl keeps it, defaults filled in: what {@code xl list -l} prints. */
    DomainConfig config(int domid) throws ToolstackException;

    List<VcpuInfo> vcpus(int domid) throws ToolstackException;

    /** {@code xl vcpu-set}: brings vCPUs 0 to {@code count - 1} online and the rest offline. */
    void setOnlineVcpus(int domid, int count) throws ToolstackException;

    /** {@code xl vcpu-pin}: a null set leaves that affinity as it is. */
    void pinVcpu(int domid, int vcpu, Set<Integer> hard, Set<Integer> soft) throws ToolstackException;

    /** {@code xl mem-set}: the balloon target. */
    void setMemoryTarget(int domid, long targetKb) throws ToolstackException;

    /** {@code xl mem-max}: the most memory the domain may hold. */
    void setMaxMemory(int domid, long maxKb) throws ToolstackException;

    SchedParams schedParams(int domid) throws ToolstackException;

    void setSchedParams(int domid, SchedParams params) throws ToolstackException;

    int poolRateLimitUs();

    void setPoolRateLimitUs(int us) throws ToolstackException;

    /** Adds a disk to a running domain and waits for its backend, as {@code xl block-attach}. */
    void attachDisk(int domid, DomainConfig.Disk disk) throws ToolstackException;

    /** Removes the disk whose virtual device is {@code vdev}, as {@code xl block-detach}. */
    void detachDisk(int domid, String vdev) throws ToolstackException;

    /** Adds a network interface, as {@code xl network-attach}; returns its devid. */
    int attachNic(int domid, DomainConfig.Nic nic) throws ToolstackException;

    void detachNic(int domid, int devid) throws ToolstackException;

    /** The domain's devices of one kind with their XenStore state, as {@code xl block-list}/{@code network-list}. */
    List<DeviceStatus> devices(int domid, DeviceStatus.Kind kind) throws ToolstackException;

    /** Writes the domain to {@code file} and destroys it; with {@code checkpoint}, leaves it running. */
    void save(int domid, Path file, boolean checkpoint) throws ToolstackException;

    /** Recreates a saved domain (same UUID, name, memory and devices); nothing is created from a bad file. */
    default Domain restore(Path file, CreateOptions options) throws ToolstackException {
        return restore(file, null, options);
    }

    /**
     * Recreates a saved domain with its memory from {@code file} and its configuration from
     * {@code config} instead of the image's, as {@code xl restore CONFIG FILE} and libxl's
     * {@code libxl_domain_create_restore} do: its devices, name and UUID are the config's (the
     * image's UUID where it names none). The config must describe the same machine: its type,
     * maximum memory and vCPUs equal the image's, or are left out to take the image's
     * ({@link RestoreConfig}). A null {@code config} restores the image's own.
     */
    Domain restore(Path file, DomainConfig config, CreateOptions options) throws ToolstackException;

    /** The host as {@code xl info} describes it. */
    PhysInfo host();

    /** The hypervisor's console, as {@code xl dmesg} prints it. */
    List<String> hypervisorLog();

    /**
     * What the guest printed on its console from offset {@code from} on, byte for byte as a
     * terminal shows it (a prompt, the echo of what is typed); read on from its {@code next}.
     */
    ConsoleOutput consoleOutput(int domid, long from) throws ToolstackException;

    /**
     * Types {@code bytes} into the guest's console, as xenconsoled passes on what its pty reads;
     * returns how many the console's ring took (fewer when the guest has not read what came before).
     */
    int typeIntoConsole(int domid, byte[] bytes) throws ToolstackException;

    /** Events from now on, in order, on the toolstack's threads; close the subscription to stop. */
    AutoCloseable subscribe(Consumer<ToolstackEvent> listener);

    @Override
    void close();
}
