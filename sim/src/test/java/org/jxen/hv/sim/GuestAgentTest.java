package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.ShutdownReason;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.testing.Daemon;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simulated guests on a real XenStore daemon (jxenstored, and Xen's C xenstored where installed):
 * the toolstack's side is written here as libxl writes it; the guests' frontends and dom0's
 * backends must reach Connected, obey shutdown requests and balloon targets, and close devices.
 */
class GuestAgentTest {
    static final long SECOND = 1_000_000_000L;
    static final long MEM_KB = 512 * 1024;

    static Stream<String> daemons() {
        return Oracles.available("GuestAgentTest against C xenstored", XenPeers.cDaemonMissing())
                ? Stream.of("jxenstored", "c") : Stream.of("jxenstored");
    }

    private static Daemon start(String kind, Path dir) throws IOException {
        return kind.equals("c") ? XenPeers.startPeer("c", Files.createDirectories(dir.resolve("c")))
                : new InProcessJxenstored(dir);
    }

    /** A 10 GiB raw image, sparse, for the guests' disk: blkback sizes the file behind {@code params}. */
    static Path image(Path dir) throws IOException {
        Path image = dir.resolve("guest.img");
        if (!Files.exists(image)) {
            try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(10L << 30);
            }
        }
        return image;
    }

    /** What libxl writes for a PV guest with one disk ({@code image}, phy), one NIC and a second console. */
    static void writeDomain(XsClient xs, int domid, Path image) {
        String home = "/local/domain/" + domid;
        xs.write(home + "/name", "guest" + domid);
        xs.write(home + "/memory/static-max", Long.toString(MEM_KB));
        xs.write(home + "/memory/target", Long.toString(MEM_KB));
        xs.mkdir(home + "/control");
        device(xs, domid, "vbd", "51712", List.of("params", image.toString(), "type", "phy", "mode", "w", "device-type", "disk"),
                List.of("virtual-device", "51712", "device-type", "disk"));
        device(xs, domid, "vif", "0", List.of("mac", "00:16:3e:00:00:01", "bridge", "xenbr0"),
                List.of("mac", "00:16:3e:00:00:01", "handle", "0"));
        device(xs, domid, "console", "1", List.of("protocol", "vt100"), List.of("name", "channel1"));
    }

    static void device(XsClient xs, int domid, String type, String devid, List<String> backendKeys,
                       List<String> frontendKeys) {
        device(xs, domid, type, type, devid, backendKeys, frontendKeys);
    }

    /** A device as libxl adds it: the frontend under the guest, the backend under dom0's {@code backendType} (qdisk for a vbd QEMU serves). */
    static void device(XsClient xs, int domid, String type, String backendType, String devid, List<String> backendKeys,
                       List<String> frontendKeys) {
        String fe = "/local/domain/" + domid + "/device/" + type + "/" + devid;
        String be = "/local/domain/0/backend/" + backendType + "/" + domid + "/" + devid;
        xs.transaction(tx -> {
            tx.write(fe + "/backend", be);
            tx.write(fe + "/backend-id", "0");
            for (int i = 0; i < frontendKeys.size(); i += 2) {
                tx.write(fe + "/" + frontendKeys.get(i), frontendKeys.get(i + 1));
            }
            tx.write(fe + "/state", "1");
            tx.write(be + "/frontend", fe);
            tx.write(be + "/frontend-id", Integer.toString(domid));
            tx.write(be + "/online", "1");
            for (int i = 0; i < backendKeys.size(); i += 2) {
                tx.write(be + "/" + backendKeys.get(i), backendKeys.get(i + 1));
            }
            tx.write(be + "/state", "1");
            return null;
        });
    }

    static int startGuest(SimHost host, XsClient toolstack, Path image) throws HypervisorException {
        int domid = TestDomains.built(host, DomainType.PV, 2, MEM_KB, Set.of());
        writeDomain(toolstack, domid, image);
        host.unpause(domid);
        host.runFor(2 * SECOND);
        return domid;
    }

    /** A test's body: a host whose guests are on the daemon, and the toolstack's own connection. */
    interface OnXenStore {
        void run(SimHost host, XsClient toolstack) throws Exception;
    }

    static void onXenStore(String kind, Path dir, OnXenStore body) throws Exception {
        try (Daemon d = start(kind, dir); XsClient toolstack = XsClient.connect(d.socket());
             XsClient guests = XsClient.connect(d.socket())) {
            SimHost host = new SimHost(Topology.laptop(), 7);
            host.attachXenStore(guests);
            body.run(host, toolstack);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void frontendsAndBackendsReachConnectedAndCloseOnRequest(String kind, @TempDir Path dir) throws Exception {
        onXenStore(kind, dir, (host, toolstack) -> {
            int domid = startGuest(host, toolstack, image(dir));
            for (String dev : List.of("vbd/51712", "vif/0", "console/1")) {
                String fe = "/local/domain/" + domid + "/device/" + dev;
                String be = "/local/domain/0/backend/" + dev.replace("/", "/" + domid + "/");
                assertThat(toolstack.readString(fe + "/state")).as(fe).isEqualTo("4");
                assertThat(toolstack.readString(be + "/state")).as(be).isEqualTo("4");
                String portKey = dev.startsWith("console") ? "port" : "event-channel";
                EventChannelStatus port = host.portStatus(domid, Integer.parseInt(toolstack.readString(fe + "/" + portKey)));
                assertThat(port.state()).isEqualTo(EventChannelStatus.State.INTERDOMAIN);
                assertThat(port.remoteDomid()).isZero();
                EventChannelStatus dom0End = host.portStatus(0, port.remotePort());
                assertThat(dom0End.state()).isEqualTo(EventChannelStatus.State.INTERDOMAIN);
                assertThat(dom0End.remoteDomid()).isEqualTo(domid);
            }
            String vbd = "/local/domain/" + domid + "/device/vbd/51712";
            host.mapGrant(domid, Integer.parseInt(toolstack.readString(vbd + "/ring-ref")), false).close();
            assertThat(toolstack.readString("/local/domain/0/backend/vbd/" + domid + "/51712/sectors")).isEqualTo("20971520");
            assertThat(toolstack.readString("/local/domain/" + domid + "/control/feature-poweroff")).isEqualTo("1");
            assertThat(host.guestConsole(domid)).contains("vbd 51712: connected to backend in domain 0",
                    "vif 0: connected to backend in domain 0", "xenbus: 3 frontend device(s)");

            String vifFe = "/local/domain/" + domid + "/device/vif/0";
            String vifBe = "/local/domain/0/backend/vif/" + domid + "/0";
            int vifPort = Integer.parseInt(toolstack.readString(vifFe + "/event-channel"));
            toolstack.write(vifBe + "/online", "0"); // as libxl removes a device
            toolstack.write(vifBe + "/state", "5");
            host.runFor(SECOND / 100);
            assertThat(toolstack.readString(vifFe + "/state")).isEqualTo("6");
            assertThat(toolstack.readString(vifBe + "/state")).isEqualTo("6");
            assertThat(host.portStatus(domid, vifPort).state()).isEqualTo(EventChannelStatus.State.CLOSED);
            assertThat(toolstack.readString(vbd + "/state")).isEqualTo("4");
        });
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void guestsObeyShutdownRequestsBalloonAndCrash(String kind, @TempDir Path dir) throws Exception {
        onXenStore(kind, dir, (host, toolstack) -> {
            int a = startGuest(host, toolstack, image(dir));
            int b = startGuest(host, toolstack, image(dir));
            int c = startGuest(host, toolstack, image(dir));

            toolstack.write("/local/domain/" + a + "/memory/target", Long.toString(MEM_KB / 4));
            host.runFor(SECOND / 10);
            long halfway = host.domainInfo(a).memKb();
            assertThat(halfway).isLessThan(MEM_KB).isGreaterThan(MEM_KB / 4); // a balloon takes time
            host.runFor(SECOND);
            assertThat(host.domainInfo(a).memKb()).isEqualTo(MEM_KB / 4);

            toolstack.write("/local/domain/" + a + "/control/shutdown", "poweroff");
            toolstack.write("/local/domain/" + b + "/control/shutdown", "reboot");
            host.runFor(SECOND / 10);
            assertThat(toolstack.readString("/local/domain/" + a + "/control/shutdown")).isEmpty(); // acknowledged
            assertThat(host.domainInfo(a).state()).isEqualTo(DomainInfo.State.ALIVE); // the kernel is still shutting down
            host.runFor(SECOND);
            assertThat(host.domainInfo(a).shutdownReason()).isEqualTo(ShutdownReason.POWEROFF);
            assertThat(host.domainInfo(b).shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
            assertThat(host.guestConsole(a)).contains("reboot: Power down");

            toolstack.write("/local/domain/" + c + "/control/shutdown", "dance");
            host.runFor(SECOND);
            assertThat(host.guestConsole(c)).contains("Ignoring shutdown request: dance");
            host.crash(c);
            assertThat(host.domainInfo(c).shutdownReason()).isEqualTo(org.jxen.hv.ShutdownReason.CRASH);
            assertThat(host.guestConsole(c)).last().asString().startsWith("Kernel panic");

            host.destroyDomain(a);
            toolstack.write("/local/domain/" + a + "/control/shutdown", "reboot"); // nobody listens any more
            host.runFor(SECOND);
            assertThat(host.domainInfo(a).state()).as("dom0's backends still map its rings and hold its ports")
                    .isEqualTo(org.jxen.hv.DomainInfo.State.DYING);
            assertThat(host.guestConsole(a)).doesNotContain("reboot: Restarting system");
        });
    }

    /**
     * As Linux's sysrq_handler: the guest clears {@code control/sysrq} and acts on the key; b and o
     * shut it down at once (reboot, poweroff), c panics it, s syncs, a key it lacks prints the help.
     */
    @ParameterizedTest
    @MethodSource("daemons")
    void guestsActOnSysrqKeys(String kind, @TempDir Path dir) throws Exception {
        onXenStore(kind, dir, (host, toolstack) -> {
            int[] guests = new int[5];
            for (int i = 0; i < guests.length; i++) {
                guests[i] = startGuest(host, toolstack, image(dir));
            }
            String keys = "bocsx";
            for (int i = 0; i < guests.length; i++) {
                toolstack.write("/local/domain/" + guests[i] + "/control/sysrq", keys.substring(i, i + 1));
            }
            host.runFor(SECOND / 10);
            for (int domid : guests) {
                assertThat(toolstack.readString("/local/domain/" + domid + "/control/sysrq")).isEmpty();
            }
            assertThat(host.domainInfo(guests[0]).shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
            assertThat(host.guestConsole(guests[0])).contains("sysrq: Resetting");
            assertThat(host.domainInfo(guests[1]).shutdownReason()).isEqualTo(ShutdownReason.POWEROFF);
            assertThat(host.domainInfo(guests[2]).shutdownReason()).isEqualTo(ShutdownReason.CRASH);
            assertThat(host.guestConsole(guests[2])).contains("sysrq: Trigger a crash")
                    .last().asString().startsWith("Kernel panic");
            assertThat(host.domainInfo(guests[3]).state()).isEqualTo(DomainInfo.State.ALIVE);
            assertThat(host.guestConsole(guests[3])).contains("sysrq: Emergency Sync", "Emergency Sync complete");
            assertThat(host.domainInfo(guests[4]).state()).isEqualTo(DomainInfo.State.ALIVE);
            assertThat(host.guestConsole(guests[4])).last().asString().startsWith("sysrq: HELP : ");
        });
    }

    /**
     * Regression: a {@code backend-id} that is not a number (the guest may write its own device
     * directory) threw out of {@code runFor}. As Linux's xenbus does (xenbus_dev_fatal), the guest
     * reports it under error/, sets that device to Closing and carries on with the others.
     */
    @ParameterizedTest
    @MethodSource("daemons")
    void aNonNumericBackendIdFailsThatDeviceOnly(String kind, @TempDir Path dir) throws Exception {
        onXenStore(kind, dir, (host, toolstack) -> {
            int domid = TestDomains.built(host, DomainType.PV, 1, MEM_KB, Set.of());
            writeDomain(toolstack, domid, image(dir));
            String home = "/local/domain/" + domid;
            toolstack.write(home + "/device/vbd/51712/backend-id", "dom0");
            host.unpause(domid);
            host.runFor(2 * SECOND);
            assertThat(toolstack.readString(home + "/device/vbd/51712/state")).isEqualTo("5");
            assertThat(toolstack.readString(home + "/error/device/vbd/51712/error"))
                    .isEqualTo("22 reading other end details from device/vbd/51712");
            assertThat(toolstack.readString(home + "/device/vif/0/state")).isEqualTo("4");
            assertThat(host.guestConsole(domid)).contains("xenbus: 2 frontend device(s)");
        });
    }
}
