package org.jxen.daemon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.jxen.config.HostCpus;
import org.jxen.hv.PhysInfo;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.libxl.HostClock;
import org.jxen.toolstack.libxl.LibxlToolstack;

/**
 * Real Xen, from dom0: libxl does the toolstack's work ({@link LibxlToolstack}) beside the host's
 * own xenstored (C xenstored or jxenstored) and xenconsoled, so {@code xl} and jxend see one host.
 */
public final class XenHost implements OwnedHost {
    /** Where Xen's xenstored listens, unless {@code XENSTORED_PATH} says otherwise (as for Xen's tools). */
    private static final Path XENSTORED_SOCKET = Path.of("/var/run/xenstored/socket");
    private static final Path CAPABILITIES = Path.of("/proc/xen/capabilities");

    private final LibxlToolstack toolstack;
    private final Path xenstoreSocket;
    private final Bridges bridges = new LinuxBridges();

    private XenHost(LibxlToolstack toolstack, Path xenstoreSocket) {
        this.toolstack = toolstack;
        this.xenstoreSocket = xenstoreSocket;
    }

    /** Whether this machine is a Xen dom0 ({@code /proc/xen/capabilities} says {@code control_d}). */
    public static boolean isDom0() {
        try {
            return Files.readString(CAPABILITIES).contains("control_d");
        } catch (IOException e) {
            return false;
        }
    }

    public static XenHost open() throws IOException {
        String given = System.getenv("XENSTORED_PATH");
        Path socket = given == null || given.isEmpty() ? XENSTORED_SOCKET : Path.of(given);
        return new XenHost(LibxlToolstack.open(socket), socket);
    }

    @Override
    public Toolstack toolstack() {
        return toolstack;
    }

    @Override
    public HostCpus cpus() {
        PhysInfo p = toolstack.host();
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        p.nodes().forEach(n -> nodes.put(n.id(), n.cpus()));
        return new HostCpus(p.cpus(), nodes);
    }

    @Override
    public String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public Map<String, String> biosStrings() {
        return HostBiosStrings.read(HostBiosStrings.DMI_TABLE);
    }

    @Override
    public String xenVersion() {
        return toolstack.xenVersion();
    }

    @Override
    public LongSupplier clock() {
        return HostClock::nowNs;
    }

    @Override
    public Bridges bridges() {
        return bridges;
    }

    @Override
    public Path xenstoreSocket() {
        return xenstoreSocket;
    }

    @Override
    public String description() {
        return "Xen " + xenVersion() + " (libxl, this dom0)";
    }

    @Override
    public void close() {
        toolstack.close();
    }
}
