package org.jxen.daemon.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Linux dom0's bridges, as sysfs shows them and iproute2's {@code ip link} makes and removes them. */
final class LinuxBridges implements Bridges {
    private static final Path NET = Path.of("/sys/class/net");

    @Override
    public boolean exists(String name) {
        return Files.isDirectory(NET.resolve(name).resolve("bridge"));
    }

    @Override
    public synchronized void create(String name) throws IOException {
        if (!exists(name)) {
            ip("link", "add", "name", name, "type", "bridge");
        }
        ip("link", "set", "dev", name, "up");
    }

    @Override
    public synchronized boolean removeIfUnused(String name) throws IOException {
        if (!exists(name)) {
            return false;
        }
        try (Stream<Path> ports = Files.list(NET.resolve(name).resolve("brif"))) {
            if (ports.findAny().isPresent()) {
                return false;
            }
        }
        ip("link", "delete", "dev", name);
        return true;
    }

    @Override
    public boolean hasVlan(String parent, int tag) {
        return Files.exists(NET.resolve(Bridges.vlanInterface(parent, tag)));
    }

    @Override
    public synchronized void addVlan(String parent, int tag, String bridge) throws IOException {
        create(bridge);
        String vlan = Bridges.vlanInterface(parent, tag);
        if (!hasVlan(parent, tag)) {
            ip("link", "add", "link", parent, "name", vlan, "type", "vlan", "id", Integer.toString(tag));
        }
        ip("link", "set", "dev", vlan, "master", bridge);
        ip("link", "set", "dev", vlan, "up");
    }

    @Override
    public synchronized void removeVlan(String parent, int tag) throws IOException {
        if (hasVlan(parent, tag)) {
            ip("link", "delete", "dev", Bridges.vlanInterface(parent, tag));
        }
    }

    private static void ip(String... args) throws IOException {
        List<String> command = Stream.concat(Stream.of("ip"), Stream.of(args)).toList();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).strip();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + " interrupted");
        }
    }
}
