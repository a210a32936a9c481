package org.jxen.daemon.host;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.config.HostCpus;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.java.BootImages;
import org.jxen.toolstack.java.HostTime;
import org.jxen.toolstack.java.JavaToolstack;
import org.jxen.toolstack.java.LibxlDefaultsHost;

/**
 * The machine jxend owns when there is no Xen: a simulated host (with jxenstored in this process,
 * its socket open for {@code xenstore-ls}) and the JavaToolstack on it. Its clock is kept at least
 * as far as wall time since start by a driver thread, so guests boot, run and use CPU while
 * clients watch; the toolstack's own waits may run it ahead, by {@link #MAX_LEAD_NS} at most: a
 * longer wait (libxl's 60 s for a guest to acknowledge a shutdown request) then takes its time on
 * the wall clock, as on Xen, instead of leaving the host standing still behind it for as long
 * afterwards. Every kernel, ramdisk and firmware a
 * VM names is simulated: the paths name files of the machine being simulated, not of this one.
 */
public final class SimulatedHost implements OwnedHost {
    private static final Logger LOG = Logger.getLogger(SimulatedHost.class.getName());
    private static final Duration TICK = Duration.ofMillis(20);
    /** The most simulated time one hold of the host's lock runs, so API calls get the host between slices. */
    private static final long SLICE_NS = 2_000_000;
    /** How far the toolstack's waits may run the host ahead of the wall clock (a few guests' boots). */
    private static final long MAX_LEAD_NS = 10_000_000_000L;
    private static final BuildSpec.Image SIMULATED_KERNEL = new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'});

    private final Topology topology;
    private final SimMachine machine;
    private final JavaToolstack toolstack;
    private final Thread driver;
    private final Bridges bridges = new SimulatedBridges();
    private volatile boolean running = true;
    /** The wall clock and the host's clock when the driver started: the host keeps at least this pace. */
    private final long startWall;
    private final long startHost;

    public SimulatedHost(Topology topology, long seed, Path xenstoreSocket) throws IOException {
        this.topology = topology;
        this.machine = new SimMachine(topology, seed, xenstoreSocket);
        SimHost host = machine.host();
        this.startWall = System.nanoTime();
        this.startHost = host.now();
        HostTime time = HostTime.of(host::now, this::runUntil);
        BootImages images = path -> SIMULATED_KERNEL;
        // kernels simulated (a config naming another machine's boots), disks this machine's image files
        this.toolstack = new JavaToolstack(host, machine.toolstackStore(), time, host::guestConsoleOutput, UUID::randomUUID,
                new SplittableRandom(seed), images, xenstoreSocket.resolveSibling("dump"),
                LibxlDefaultsHost.debianX86().withPaths(LibxlDefaultsHost::stat));
        this.driver = Thread.ofPlatform().daemon().name("sim-host-clock").start(this::drive);
    }

    /** Keeps the host's clock up with the wall clock, and lets the toolstack act on what its guests did. */
    private void drive() {
        SimHost host = machine.host();
        while (running) {
            try {
                Thread.sleep(TICK);
                long behind = wallClockHostTime() - host.now();
                for (; behind > 0; behind -= SLICE_NS) {
                    host.runFor(Math.min(behind, SLICE_NS));
                }
                toolstack.handleDomainEvents();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "the simulated host's clock driver hit a bug; it goes on", e);
            }
        }
    }

    /** Where the host's clock would be had it kept the wall clock's pace since the start. */
    private long wallClockHostTime() {
        return startHost + (System.nanoTime() - startWall);
    }

    /**
     * The toolstack's waits: the host runs until {@code done} holds, at most {@link #MAX_LEAD_NS}
     * ahead of the wall clock; beyond that the wait follows the wall clock (the driver runs the host).
     */
    private boolean runUntil(BooleanSupplier done, long timeoutNs) {
        SimHost host = machine.host();
        long end = host.now() + timeoutNs;
        while (true) {
            long allowed = Math.min(end, wallClockHostTime() + MAX_LEAD_NS) - host.now();
            if (allowed > 0 ? host.runUntil(done, allowed) : done.getAsBoolean()) {
                return true;
            }
            if (host.now() >= end) {
                return false;
            }
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
    }

    @Override
    public Toolstack toolstack() {
        return toolstack;
    }

    @Override
    public String cpuModel() {
        return "simulated " + topology.name() + " CPU";
    }

    /** A simulated machine's firmware names jxen as its maker and the preset as its product. */
    @Override
    public Map<String, String> biosStrings() {
        return HostBiosStrings.of("jxen", "", "jxen", "simulated " + topology.name() + " host");
    }

    @Override
    public String xenVersion() {
        return "4.17 (simulated)";
    }

    @Override
    public LongSupplier clock() {
        return machine.host()::now;
    }

    @Override
    public String description() {
        return "a simulated " + topology.name() + " host (its XenStore is " + machine.socket() + ")";
    }

    /** jxenstored's socket, for {@code XENSTORED_PATH}. */
    @Override
    public Bridges bridges() {
        return bridges;
    }

    @Override
    public Path xenstoreSocket() {
        return machine.socket();
    }

    @Override
    public HostCpus cpus() {
        Map<Integer, List<Integer>> nodes = new TreeMap<>();
        for (int n = 0; n < topology.nodes().size(); n++) {
            nodes.put(n, topology.nodes().get(n).cpus());
        }
        return new HostCpus(topology.cpus(), nodes);
    }

    @Override
    public void close() throws IOException {
        // not interrupted: an interrupt closes the XenStore socket the driver may be using (an NIO channel) and its
        // guests' next request fails; it sees running and stops within a tick
        running = false;
        try {
            driver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        toolstack.close();
        machine.close();
    }
}
