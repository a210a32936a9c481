package org.jxen.daemon.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jxen.config.HostCpus;
import org.jxen.toolstack.Toolstack;

/**
 * The machine jxend owns, through its toolstack: real Xen ({@link XenHost}, libxl in dom0) or a
 * simulated one ({@link SimulatedHost}). What jxend's XenAPI layer needs besides the toolstack:
 * the host's CPUs for xl.cfg's CPU lists, how it describes its CPU, firmware and Xen, its clock, its
 * network bridges, and where its XenStore listens.
 */
public interface OwnedHost extends AutoCloseable {
    Toolstack toolstack();

    /** The host's CPUs and NUMA nodes as xl.cfg CPU lists are read against. */
    HostCpus cpus();

    /** What {@code host_cpu}'s model name says. */
    String cpuModel();

    /** The host's BIOS strings, as XAPI's {@code host.bios_strings} gives them ({@link HostBiosStrings}). */
    Map<String, String> biosStrings();

    /** Xen's version, as the host record's {@code software_version} gives it. */
    String xenVersion();

    /** The host's clock in nanoseconds: what domains' start times are on. */
    LongSupplier clock();

    /** Dom0's network bridges, which VIFs join. */
    Bridges bridges();

    /** The XenStore daemon's socket, for {@code XENSTORED_PATH}. */
    Path xenstoreSocket();

    /** For the log: what this host is. */
    String description();

    @Override
    void close() throws IOException;
}
