package org.jxen.toolstack.java;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.sim.SimHost;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.Topology;
import org.jxen.xenstore.client.XsClient;

/** A JavaToolstack on a simulated machine (host + jxenstored in this process), seeded: the tests' host. */
final class SimToolstack implements AutoCloseable {
    final SimMachine machine;
    final SimHost host;
    final JavaToolstack toolstack;
    final XsClient xs;
    private long uuids;

    SimToolstack(Path dir) throws IOException {
        this(dir, Topology.laptop());
    }

    SimToolstack(Path dir, Topology topology) throws IOException {
        this(dir, topology, UnaryOperator.identity(), UnaryOperator.identity(), BootImages.SIMULATED_FIRMWARE);
    }

    /** With the kernels the builder loads from {@code images} (a config from another host names its files). */
    static SimToolstack withImages(Path dir, Topology topology, BootImages images) throws IOException {
        return new SimToolstack(dir, topology, UnaryOperator.identity(), UnaryOperator.identity(), images);
    }

    /** A toolstack whose waits for the host go through {@code wrap}'s time. */
    static SimToolstack withTime(Path dir, UnaryOperator<HostTime> wrap) throws IOException {
        return new SimToolstack(dir, Topology.laptop(), UnaryOperator.identity(), wrap, BootImages.SIMULATED_FIRMWARE);
    }

    /** A toolstack that reaches the host through {@code wrap}'s hypervisor (the guests keep the real host). */
    SimToolstack(Path dir, Topology topology, UnaryOperator<Hypervisor> wrap) throws IOException {
        this(dir, topology, wrap, UnaryOperator.identity(), BootImages.SIMULATED_FIRMWARE);
    }

    private SimToolstack(Path dir, Topology topology, UnaryOperator<Hypervisor> wrap, UnaryOperator<HostTime> timeWrap,
                         BootImages images) throws IOException {
        machine = new SimMachine(topology, 7, dir.resolve("jxenstored.sock"));
        host = machine.host();
        xs = XsClient.connect(machine.socket());
        HostTime time = timeWrap.apply(HostTime.of(host::now, host::runUntil));
        toolstack = new JavaToolstack(wrap.apply(host), machine.toolstackStore(), time, host::guestConsoleOutput,
                () -> new UUID(0x5eed, ++uuids), new SplittableRandom(11), images, dir.resolve("dump"));
    }

    /** Runs the host for {@code ns}, then lets the toolstack act on what happened. */
    void run(long ns) {
        host.runFor(ns);
        toolstack.handleDomainEvents();
    }

    @Override
    public void close() throws IOException {
        toolstack.close();
        try (xs) {
            machine.close();
        }
    }
}
