package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.HypervisorException;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Devices added to and removed from a running guest, as the toolstack hot-plugs them: the guest's
 * xenbus sees them through its watch on {@code device/} (as Linux's frontend bus does), starts a
 * frontend for a new one, and lets go of one whose directory is gone, whether the toolstack closed
 * it first or removed it outright (libxl's forced removal), so that the same device can come back.
 * On the daemons {@link GuestAgentTest} uses. Not covered: devices present at boot ({@link GuestAgentTest}).
 */
class HotplugTest {
    private static final long TICK = GuestAgentTest.SECOND / 10;

    static List<String> daemons() {
        return GuestAgentTest.daemons().toList();
    }

    private static void addDisk(XsClient toolstack, int domid, String devid, Path image) {
        GuestAgentTest.device(toolstack, domid, "vbd", devid,
                List.of("params", image.toString(), "type", "phy", "mode", "w", "device-type", "disk"),
                List.of("virtual-device", devid, "device-type", "disk"));
    }

    private static void addNic(XsClient toolstack, int domid, String devid) {
        GuestAgentTest.device(toolstack, domid, "vif", devid, List.of("mac", "00:16:3e:00:00:0" + devid, "bridge", "xenbr0"),
                List.of("mac", "00:16:3e:00:00:0" + devid, "handle", devid));
    }

    private static String fe(int domid, String dev) {
        return "/local/domain/" + domid + "/device/" + dev;
    }

    private static String be(int domid, String dev) {
        return "/local/domain/0/backend/" + dev.replace("/", "/" + domid + "/");
    }

    private static void assertConnected(XsClient toolstack, int domid, String dev) {
        assertThat(toolstack.readString(fe(domid, dev) + "/state")).as("frontend " + dev).isEqualTo("4");
        assertThat(toolstack.readString(be(domid, dev) + "/state")).as("backend " + dev).isEqualTo("4");
    }

    /** libxl's removal of a device's nodes: frontend, backend, in one transaction. */
    private static void removeNodes(XsClient toolstack, int domid, String dev) {
        toolstack.transaction(tx -> {
            tx.rm(fe(domid, dev));
            tx.rm(be(domid, dev));
            return null;
        });
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void addedDevicesConnect_removedOnesAreLetGo_andCanComeBack(String kind, @TempDir Path dir) throws Exception {
        GuestAgentTest.onXenStore(kind, dir, (host, toolstack) -> {
            int domid = GuestAgentTest.startGuest(host, toolstack, GuestAgentTest.image(dir));

            addDisk(toolstack, domid, "51760", GuestAgentTest.image(dir));
            addNic(toolstack, domid, "1");
            host.runFor(TICK);
            assertConnected(toolstack, domid, "vbd/51760");
            assertConnected(toolstack, domid, "vif/1");
            assertThat(host.guestConsole(domid)).contains("vbd 51760: connected to backend in domain 0",
                    "vif 1: connected to backend in domain 0");

            // closed first, as libxl removes a device: online 0, Closing; then the nodes go
            int vbdPort = Integer.parseInt(toolstack.readString(fe(domid, "vbd/51760") + "/event-channel"));
            toolstack.write(be(domid, "vbd/51760") + "/online", "0");
            toolstack.write(be(domid, "vbd/51760") + "/state", "5");
            host.runFor(TICK);
            assertThat(toolstack.readString(be(domid, "vbd/51760") + "/state")).isEqualTo("6");
            assertThat(host.portStatus(domid, vbdPort).state()).isEqualTo(EventChannelStatus.State.CLOSED);
            removeNodes(toolstack, domid, "vbd/51760");
            host.runFor(TICK);

            // removed outright (libxl's forced removal): the guest ends its grants and closes its port, dom0 too
            int vifPort = Integer.parseInt(toolstack.readString(fe(domid, "vif/1") + "/event-channel"));
            int vifRef = Integer.parseInt(toolstack.readString(fe(domid, "vif/1") + "/tx-ring-ref"));
            int dom0Port = host.portStatus(domid, vifPort).remotePort();
            removeNodes(toolstack, domid, "vif/1");
            host.runFor(TICK);
            assertThat(host.portStatus(domid, vifPort).state()).isEqualTo(EventChannelStatus.State.CLOSED);
            assertThat(host.portStatus(0, dom0Port).state()).isEqualTo(EventChannelStatus.State.CLOSED);
            assertThatThrownBy(() -> host.mapGrant(domid, vifRef, false)).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("has no grant " + vifRef);

            // the same devices again: new frontends, not the old ones
            addDisk(toolstack, domid, "51760", GuestAgentTest.image(dir));
            addNic(toolstack, domid, "1");
            host.runFor(TICK);
            assertConnected(toolstack, domid, "vbd/51760");
            assertConnected(toolstack, domid, "vif/1");
            assertConnected(toolstack, domid, "vbd/51712"); // the boot disk was never touched
        });
    }
}
